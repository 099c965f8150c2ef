import { Observable, type Subscriber } from 'rxjs';
import type { IvsStoreError } from '../../core/errors.js';
import { withPeek } from '../peek-key.js';
import type { RelayConnection, WatchEvent } from './connection.js';

/**
 * Observable methods whose values are plain (not Entries): a relay's error ends them with an
 * Observable error. Every other `…$` method emits Entries, and ends with an `error` entry
 * (the last good data kept) and completion, as the direct store does for bad arguments.
 */
export const PLAIN_VALUES: ReadonlySet<string> = new Set([
  'streams.health$',
  'streams.healthHistory$',
  'streams.transitions$',
  'streams.summary$',
  'participants.changes$',
  'store.metrics$',
]);

interface Host {
  readonly connection: RelayConnection;
  readonly gcTime: number;
  /** The query is gone (collected or ended): the next call for its key makes a new one. */
  forget(query: RemoteQuery): void;
  /** Subscribed again after it was collected, through an Observable someone kept: it is the key's query again. */
  adopt(query: RemoteQuery): void;
}

type EntryLike = { status: string; data: unknown; updatedAt: number | undefined; hasNextPage?: boolean };

const isEntry = (v: unknown): v is EntryLike => typeof v === 'object' && v !== null && 'status' in v && 'fetching' in v;

/**
 * One remote watch shared by every local subscriber of one (resource, method, args): the
 * last value replayed to late subscribers and peeked synchronously, the watch kept `gcTime`
 * after the last subscriber leaves. Its Observable is the same object while the query lives.
 */
export class RemoteQuery {
  readonly observable: Observable<unknown>;
  private readonly subscribers = new Set<Subscriber<unknown>>();
  private last: unknown;
  private has = false;
  /** Ended by the relay (or the store): late subscribers get the last value and this end. */
  private end: { error?: IvsStoreError } | undefined;
  private watch: string | undefined;
  private gc: ReturnType<typeof setTimeout> | undefined;
  /** Watched again in a new session: the relay's first answer may be a `loading` it does not mean. */
  private resent = false;
  private paging: Promise<void> | undefined;
  private readonly plain: boolean;
  private readonly paged: boolean;

  constructor(
    private readonly host: Host,
    readonly key: string,
    private readonly resource: string,
    private readonly method: string,
    private readonly args: unknown[],
  ) {
    this.plain = PLAIN_VALUES.has(`${resource}.${method}`);
    this.paged = method === 'pages$';
    this.observable = withPeek(new Observable((subscriber) => this.subscribe(subscriber)), () =>
      this.has ? this.last : undefined,
    );
  }

  private subscribe(subscriber: Subscriber<unknown>): () => void {
    clearTimeout(this.gc);
    this.gc = undefined;
    if (this.has) subscriber.next(this.last);
    if (this.end) {
      if (this.end.error) subscriber.error(this.end.error);
      else subscriber.complete();
      return () => undefined;
    }
    this.subscribers.add(subscriber);
    // Refused for good, or disposed: a new subscription ends at once as the others did.
    const { failure, stopped } = this.host.connection;
    if (stopped) {
      this.receive(failure ? { t: 'error', error: failure } : { t: 'complete' });
      return () => undefined;
    }
    if (this.watch === undefined) this.host.adopt(this);
    this.watch ??= this.host.connection.watch(
      this.resource,
      this.method,
      this.args,
      (e) => this.receive(e),
      () => (this.resent = true),
    );
    return () => {
      if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0 || this.end) return;
      if (this.host.gcTime === 0) this.collect();
      else this.gc = setTimeout(() => this.collect(), this.host.gcTime);
    };
  }

  /** Nobody held it for gcTime: the relay stops watching, and the value is let go (as the cache collects it). */
  private collect(): void {
    this.gc = undefined;
    if (this.watch !== undefined) this.host.connection.unwatch(this.watch);
    this.watch = undefined;
    this.has = false;
    this.last = undefined;
    this.resent = false;
    this.host.forget(this);
  }

  private receive(e: WatchEvent): void {
    if (e.t === 'value') {
      const v = e.value;
      if (this.resent && this.has) {
        // A fresh session's snapshot from a relay that is reading again: keep what is shown (no loading flash).
        if (isEntry(v) && v.status === 'loading') return;
        // A plain value's snapshot that is what it was (health$ emits only on change): not news.
        if (!isEntry(v) && JSON.stringify(v) === JSON.stringify(this.last)) {
          this.resent = false;
          return;
        }
      }
      this.resent = false;
      this.emit(this.paged && isEntry(v) ? { ...v, fetchNextPage: this.fetchNextPage } : v);
      return;
    }
    this.watch = undefined;
    this.host.forget(this);
    if (e.t === 'error' && this.plain) {
      this.finish({ error: e.error });
      return;
    }
    if (e.t === 'error') {
      const prev = isEntry(this.last) ? this.last : undefined;
      this.emit({
        status: 'error',
        error: e.error,
        data: prev?.data,
        updatedAt: prev?.updatedAt,
        fetching: false,
        ...(this.paged && {
          hasNextPage: prev?.hasNextPage ?? false,
          fetchingNextPage: false,
          fetchNextPage: this.fetchNextPage,
        }),
      });
    }
    this.finish({});
  }

  private emit(value: unknown): void {
    this.last = value;
    this.has = true;
    for (const s of [...this.subscribers]) s.next(value);
  }

  /** Ends every subscriber (the relay's end, or the store's disposal). */
  finish(end: { error?: IvsStoreError }): void {
    clearTimeout(this.gc);
    this.gc = undefined;
    this.end ??= end;
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    for (const s of subscribers) {
      if (end.error) s.error(end.error);
      else s.complete();
    }
  }

  /** The same function on every entry; shares one request while in flight; never rejects (PagedMeta). */
  private readonly fetchNextPage = (): Promise<void> => {
    if (this.watch === undefined || this.end) return Promise.resolve();
    this.paging ??= this.host.connection.nextPage(this.watch, `${this.resource}.fetchNextPage`).then(
      () => {
        this.paging = undefined;
      },
      () => {
        this.paging = undefined;
      },
    );
    return this.paging;
  };
}
