import type { FirstReader } from './shared-query.js';

/** The first reads asked for in one tick: sent together, given up together. */
interface Group {
  readers: FirstReader[];
  /** Readers of the group still waiting. */
  live: number;
  /** Made when the group is sent. */
  controller: AbortController | undefined;
}

/** What an entity query does for its first reads. */
export interface FirstReadSink {
  /** Shows the id as fetching at once (the subscriber's first entry says so). */
  show(id: string): void;
  /** A reader left before its read was sent: no longer fetching. */
  drop(id: string): void;
  /** Reads the ids (user priority), aborted by `signal`. */
  send(ids: string[], signal: AbortSignal): Promise<unknown>;
}

/**
 * First reads of the keys widgets start to watch, gathered per tick. Why a tick: 10 000
 * widgets subscribe in one synchronous loop, which then costs one small write per key and
 * nothing else; the reads follow at the end of the tick, together.
 *
 * Why one AbortController per tick and not per key: a controller and its listener per
 * watched key were most of what subscribing cost. A reader that leaves before the send is
 * simply not sent; once sent, the group's read is aborted when none of its readers is left
 * (a microtask later, so a widget that re-mounts in the same task, as under React
 * StrictMode, keeps the read already sent).
 */
export class FirstReads {
  private group: Group | undefined;

  constructor(private readonly sink: FirstReadSink) {}

  add(reader: FirstReader): void {
    let g = this.group;
    if (!g) {
      const created: Group = { readers: [], live: 0, controller: undefined };
      this.group = g = created;
      queueMicrotask(() => this.flush(created));
    }
    this.sink.show(reader.key);
    g.readers.push(reader);
    g.live++;
    reader.firstRead = g;
  }

  cancel(reader: FirstReader): void {
    const g = reader.firstRead as Group | undefined;
    reader.firstRead = undefined;
    if (!g) return;
    g.live--;
    const controller = g.controller;
    if (!controller) this.sink.drop(reader.key);
    else if (g.live === 0) queueMicrotask(() => g.live === 0 && controller.abort());
  }

  private flush(g: Group): void {
    if (this.group === g) this.group = undefined;
    const readers = g.readers.filter((r) => r.firstRead === g);
    g.readers = readers;
    if (readers.length === 0) return;
    const controller = new AbortController();
    g.controller = controller;
    void this.sink
      .send(
        readers.map((r) => r.key),
        controller.signal,
      )
      .finally(() => {
        for (const r of readers) if (r.firstRead === g) r.firstRead = undefined;
      });
  }
}
