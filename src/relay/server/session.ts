import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { encodeJson, errorJson } from './encoding.js';
import type { Limits } from './check-options.js';
import type { LagSamples } from './lag.js';

/** One watch of a session: what it runs, its secret policy, and its latest value (for `next-page` and snapshots). */
export interface Watch {
  id: string;
  /** The query (resource, method, args) it runs: watches of one query count as one in metrics. */
  query: string;
  secrets: boolean;
  subscription?: { unsubscribe(): void };
  latest?: unknown;
}

/**
 * A message as the ring keeps it: its text is `head + json + '}'`. Why apart: `json` is the
 * value's text shared by every socket (encoding.ts); joined, each session would hold a copy.
 */
interface Out {
  seq: number;
  head: string;
  json: string;
}
const textOf = (m: Out) => `${m.head}${m.json}}`;

/** A message waiting for a slow socket: only the latest value of a watch, and how it ended. */
interface Dirty {
  /** The watch itself: a watch that ended after this value is no longer in `watches`. */
  value?: { w: Watch; value: unknown; at: number };
  end?: (seq: number) => string;
}

/**
 * Messages the ring keeps for a resume, bounded in count and bytes: enough for a short
 * reconnect (the demo's dashboard sends ~60 messages a poll cycle, so 5 s or so); after a
 * longer gap the client watches again and gets a snapshot. Each kept message holds its own
 * header (~70 bytes) and shares its value's text: 256 cost a session ~30 KB.
 */
const RING = 256;
/** How often a slow socket is checked for having drained, ms. */
const DRAIN_MS = 25;
/** Results (answers to calls) kept for a socket that went away before they came. */
const RESULTS = 100;

export interface SessionHooks {
  limits: Limits;
  lag: LagSamples;
  /** Something metrics count changed. */
  changed(): void;
}

/**
 * A client's session: it outlives its socket by `resumeMs`, so a reconnect picks up where it
 * was. Every value, error and complete gets the next `seq` and goes into a ring of the last
 * ones sent; a resume replays the ring from the client's last `seq`.
 *
 * Slow consumers: when the socket holds more than `maxBufferedBytes` not yet written, values
 * are not sent; each watch keeps only its latest, sent (a snapshot) once the socket drains.
 * So memory per connection is bounded by the watches, not by how far behind the client is.
 * An Observable of events (`participants.changes$`) loses the events in between.
 */
export class Session<P = unknown> {
  readonly id = randomUUID();
  seq = 0;
  readonly watches = new Map<string, Watch>();
  socket: WebSocket | undefined;
  slow = false;
  /** Ended: nothing more is subscribed or kept. */
  dropped = false;
  dropTimer: ReturnType<typeof setTimeout> | undefined;
  private ring: Out[] = [];
  private ringBytes = 0;
  private readonly dirty = new Map<string, Dirty>();
  private drainTimer: ReturnType<typeof setInterval> | undefined;
  private results: string[] = [];

  constructor(
    readonly principal: P,
    /** JSON of the principal: only the same principal may resume the session. */
    readonly principalKey: string | undefined,
    private readonly hooks: SessionHooks,
  ) {}

  /** A watch emitted. */
  value(w: Watch, value: unknown): void {
    w.latest = value;
    const at = Date.now();
    if (this.isSlow()) {
      const d = this.dirty.get(w.id) ?? {};
      d.value = { w, value, at };
      this.dirty.set(w.id, d);
      return;
    }
    this.out(valueMessage(w, value), at);
  }

  /** A watch failed, was refused, or completed: it ends (after any snapshot still owed). */
  end(id: string, error?: unknown): void {
    const text = (seq: number) =>
      error === undefined
        ? `{"v":1,"t":"complete","id":${JSON.stringify(id)},"seq":${seq}`
        : `{"v":1,"t":"error","id":${JSON.stringify(id)},"seq":${seq},"error":${errorJson(error)}`;
    const d = this.dirty.get(id);
    if (d) d.end = text;
    else this.out((seq) => ({ head: text(seq), json: '' }));
  }

  /** The answer to a call (no `seq`: a call is answered once, and kept for a resume if the socket is gone). */
  result(id: string, ok: boolean, json: string): void {
    const text = `{"v":1,"t":"result","id":${JSON.stringify(id)},"ok":${ok},"value":${json}}`;
    if (this.socket) this.socket.send(text);
    else if (this.results.push(text) > RESULTS) this.results.shift();
  }

  /** `unwatch`: the watch ends here, and nothing it still owed is sent. */
  forget(id: string): void {
    this.watches.get(id)?.subscription?.unsubscribe();
    this.watches.delete(id);
    this.dirty.delete(id);
  }

  /** Whether a resume from `seq` (the last the client got) can be served from the ring. */
  covers(seq: number): boolean {
    if (seq > this.seq) return false;
    if (seq === this.seq) return true;
    return (this.ring[0]?.seq ?? Number.POSITIVE_INFINITY) <= seq + 1;
  }

  /** The session goes on over `socket`; after a resume, what the client missed is sent first. */
  attach(socket: WebSocket, after?: number): void {
    clearTimeout(this.dropTimer);
    this.dropTimer = undefined;
    this.socket = socket;
    if (after !== undefined) for (const m of this.ring) if (m.seq > after) socket.send(textOf(m));
    for (const text of this.results.splice(0)) socket.send(text);
  }

  /** The socket is gone: what a slow socket was owed goes into the ring, for a resume. */
  detach(): void {
    this.stopDrain();
    this.socket = undefined;
    this.flushDirty();
  }

  /** Ends the session: every watch unsubscribed, nothing kept. */
  drop(): void {
    this.dropped = true;
    clearTimeout(this.dropTimer);
    this.stopDrain();
    this.socket = undefined;
    for (const w of this.watches.values()) w.subscription?.unsubscribe();
    this.watches.clear();
    this.dirty.clear();
    this.ring = [];
    this.results = [];
  }

  private isSlow(): boolean {
    const s = this.socket;
    if (!s) return false;
    if (!this.slow && s.bufferedAmount > this.hooks.limits.maxBufferedBytes) {
      this.slow = true;
      this.drainTimer = setInterval(() => this.drain(), DRAIN_MS);
      this.hooks.changed();
    }
    return this.slow;
  }

  /** Half the limit written out: the socket keeps up again; each watch's latest goes as a snapshot. */
  private drain(): void {
    const s = this.socket;
    if (!s || s.bufferedAmount > this.hooks.limits.maxBufferedBytes / 2) return;
    this.stopDrain();
    this.flushDirty();
  }

  private stopDrain(): void {
    clearInterval(this.drainTimer);
    this.drainTimer = undefined;
    if (this.slow) {
      this.slow = false;
      this.hooks.changed();
    }
  }

  private flushDirty(): void {
    for (const d of this.dirty.values()) {
      if (d.value) this.out(valueMessage(d.value.w, d.value.value), d.value.at);
      const end = d.end;
      if (end) this.out((seq) => ({ head: end(seq), json: '' }));
    }
    this.dirty.clear();
  }

  private out(message: (seq: number) => { head: string; json: string }, emittedAt?: number): void {
    const seq = ++this.seq;
    const m = { seq, ...message(seq) };
    this.ring.push(m);
    const size = (x: Out) => x.head.length + x.json.length;
    this.ringBytes += size(m);
    while (this.ring.length > 1 && (this.ring.length > RING || this.ringBytes > this.hooks.limits.maxBufferedBytes))
      this.ringBytes -= size(this.ring.shift() as Out);
    const lag = this.hooks.lag;
    this.socket?.send(textOf(m), (err) => {
      if (!err && emittedAt !== undefined) {
        lag.add(Date.now() - emittedAt);
        this.hooks.changed();
      }
    });
  }
}

const valueMessage = (w: Watch, value: unknown) => (seq: number) => ({
  head: `{"v":1,"t":"value","id":${JSON.stringify(w.id)},"seq":${seq},"value":`,
  json: encodeJson(value, w.secrets),
});
