import { BehaviorSubject, type Subscription } from 'rxjs';
import { disposedError, IvsStoreError } from '../../core/errors.js';
import { decode } from '../sync/codec.js';
import type { RelayClientMetrics, WebSocketLike } from './options.js';
import { CLOSE, type ClientMessage, RELAY_PROTOCOL_VERSION, type RelayMessage } from './protocol.js';
import {
  asError,
  type Call,
  encodeArgs,
  type ConnectionInit,
  type DistributiveOmit,
  lost,
  type Watch,
} from './wire.js';

export type { ConnectionInit, WatchEvent } from './wire.js';

/** Refusals (4401) in a row after which the client stops asking: the token will not do. */
export const MAX_REFUSALS = 5;
const OPEN = 1;

/**
 * The one socket to the relay, kept up: hello (token, and the session to resume), watches
 * and calls, reconnection with backoff. Watches outlive sockets; a call outlives a socket
 * only if it was never sent on it (one that was may have run: it is not sent twice).
 */
export class RelayConnection {
  readonly metrics$ = new BehaviorSubject<RelayClientMetrics>({ status: 'connecting', reconnects: 0, resumed: 0 });
  private socket: WebSocketLike | undefined;
  private welcomed = false;
  private everWelcomed = false;
  private session: string | undefined;
  private seq = 0;
  private attempt = 0;
  private refusals = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watches = new Map<string, Watch>();
  /** Watches dropped while no socket was welcomed that the relay may still hold (a resumed session). */
  private readonly unwatched = new Set<string>();
  private readonly calls = new Map<string, Call>();
  private n = 0;
  /** Disposed, or refused for good: nothing more is sent. */
  stopped = false;
  /** Why the relay will not be asked again (the token refused too often); undefined until then. */
  failure: IvsStoreError | undefined;
  private readonly online: Subscription | undefined;

  constructor(private readonly init: ConnectionInit) {
    this.connect();
    this.online = init.online$?.subscribe((online) => {
      if (online && this.timer !== undefined) {
        clearTimeout(this.timer);
        this.connect();
      }
    });
  }

  /** A watch of `resource.method` with `args` as they cross (`encodeArgs`: the query's key is made of them). */
  watch(resource: string, method: string, args: unknown[], on: Watch['on'], resent: () => void): string {
    const id = `w${++this.n}`;
    const w: Watch = { resource, method, args, on, resent, sent: false };
    this.watches.set(id, w);
    if (this.welcomed) this.sendWatch(id, w);
    return id;
  }

  unwatch(id: string): void {
    const w = this.watches.get(id);
    if (!w) return;
    this.watches.delete(id);
    if (this.welcomed) this.send({ t: 'unwatch', id });
    else if (w.sent) this.unwatched.add(id);
  }

  call(resource: string, method: string, args: unknown[]): Promise<unknown> {
    const encoded = encodeArgs(args);
    return this.enqueue(`${resource}.${method}`, (id) => ({ t: 'call', id, resource, method, args: encoded }));
  }

  /** `fetchNextPage()` of watch `watch` (a `pages$`): resolves on its result. */
  nextPage(watch: string, operation: string): Promise<unknown> {
    return this.enqueue(operation, (id) => ({ t: 'next-page', id: watch, call: id }));
  }

  private enqueue(operation: string, message: Call['message']): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.failure ?? disposedError(operation));
    return new Promise((resolve, reject) => {
      const id = `c${++this.n}`;
      const call: Call = { operation, message, resolve, reject, sent: false };
      this.calls.set(id, call);
      if (this.welcomed) this.sendCall(id, call);
    });
  }

  private connect(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const { token } = this.init;
    let asked: Promise<string | undefined>;
    try {
      asked = Promise.resolve(typeof token === 'function' ? token() : token);
    } catch (err) {
      asked = Promise.reject(err);
    }
    // A token function that failed is asked again after the backoff (nothing of it is kept or shown).
    asked.then(
      (t) => this.open(typeof t === 'string' ? t : undefined),
      () => this.retry(),
    );
  }

  private open(token: string | undefined): void {
    if (this.stopped) return;
    let ws: WebSocketLike;
    try {
      ws = new this.init.WebSocket(this.init.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = ws;
    ws.addEventListener('open', () => {
      if (this.socket !== ws) return;
      const resume = this.session === undefined ? undefined : { session: this.session, seq: this.seq };
      this.post(ws, { t: 'hello', token, resume });
    });
    ws.addEventListener('message', (e: { data: unknown }) => {
      if (this.socket === ws) this.receive(e.data);
    });
    ws.addEventListener('close', (e: { code: number; reason: string }) => {
      if (this.socket === ws) this.closed(e.code, String(e.reason ?? ''));
    });
    // A failed socket also closes: that is where it is handled.
    ws.addEventListener('error', () => undefined);
  }

  private receive(data: unknown): void {
    let m: RelayMessage;
    try {
      m = JSON.parse(String(data)) as RelayMessage;
    } catch {
      return;
    }
    if (typeof m !== 'object' || m === null || m.v !== RELAY_PROTOCOL_VERSION) return;
    if (m.t === 'welcome') this.welcome(m.session, m.resumed === true && m.session === this.session);
    else if (m.t === 'value' || m.t === 'error' || m.t === 'complete') {
      // A replay never repeats what came, but a relay's replay may overlap: seen is seen.
      if (m.seq <= this.seq) return;
      this.seq = m.seq;
      const w = this.watches.get(m.id);
      if (!w) return;
      if (m.t === 'value') w.on({ t: 'value', value: decode(m.value) });
      else {
        // The relay ended it: nothing to unwatch.
        this.watches.delete(m.id);
        w.on(m.t === 'complete' ? m : { t: 'error', error: asError(decode(m.error), `${w.resource}.${w.method}`) });
      }
    } else if (m.t === 'result') {
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      const value = decode(m.value);
      if (m.ok) call.resolve(value);
      else call.reject(asError(value, call.operation));
    }
  }

  private welcome(session: string, resumed: boolean): void {
    if (!resumed) {
      // A new session holds nothing of the old one: every watch again, answered with snapshots.
      this.session = session;
      this.seq = 0;
      this.unwatched.clear();
      for (const w of this.watches.values()) if (w.sent) w.resent();
      for (const w of this.watches.values()) w.sent = false;
    }
    this.welcomed = true;
    this.attempt = 0;
    this.refusals = 0;
    const m = this.metrics$.value;
    this.metrics$.next({
      ...m,
      status: 'open',
      reconnects: m.reconnects + (this.everWelcomed ? 1 : 0),
      resumed: m.resumed + (resumed ? 1 : 0),
    });
    this.everWelcomed = true;
    for (const id of this.unwatched) this.send({ t: 'unwatch', id });
    this.unwatched.clear();
    for (const [id, w] of this.watches) if (!w.sent) this.sendWatch(id, w);
    for (const [id, call] of this.calls) if (!call.sent) this.sendCall(id, call);
  }

  private closed(code: number, reason: string): void {
    this.socket = undefined;
    this.welcomed = false;
    for (const [id, call] of this.calls) {
      if (!call.sent) continue;
      this.calls.delete(id);
      call.reject(lost(call.operation));
    }
    const refused = code === CLOSE.unauthenticated;
    this.refusals = refused ? this.refusals + 1 : 0;
    this.metrics$.next({ ...this.metrics$.value, status: 'connecting', lastClose: { code, reason } });
    if (this.refusals < MAX_REFUSALS) this.retry();
    else
      this.fail(
        new IvsStoreError({
          kind: 'access',
          operation: 'relay',
          message: `relay: the relay refused the token ${MAX_REFUSALS} times in a row (close ${code}${reason ? `: ${reason}` : ''}); the store stopped reconnecting`,
        }),
      );
  }

  private retry(): void {
    if (this.stopped) return;
    // Doubling up to the cap, half of it random: clients dropped together do not return together.
    const cap = Math.min(this.init.maxDelay, this.init.initialDelay * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.connect(), cap / 2 + (this.init.random() * cap) / 2);
  }

  /** Refused for good: every watch ends with `error`, every call rejects with it, now and later. */
  private fail(error: IvsStoreError): void {
    this.failure = error;
    this.halt(error);
    const watches = [...this.watches.values()];
    this.watches.clear();
    for (const w of watches) w.on({ t: 'error', error });
  }

  /** Disposed: closes the socket (1001), rejects what is waiting; watches are the caller's to end. */
  stop(): void {
    this.halt(disposedError('relay'));
    this.metrics$.complete();
  }

  private halt(error: IvsStoreError): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.online?.unsubscribe();
    const ws = this.socket;
    this.socket = undefined;
    this.welcomed = false;
    try {
      ws?.close(CLOSE.going, 'disposed');
    } catch {
      // Closing a socket that never opened may throw in some implementations: it is gone either way.
    }
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const call of calls) call.reject(error.kind === 'disposed' ? disposedError(call.operation) : error);
    this.metrics$.next({ ...this.metrics$.value, status: 'closed' });
  }

  private sendWatch(id: string, w: Watch): void {
    w.sent = true;
    this.send({ t: 'watch', id, resource: w.resource, method: w.method, args: w.args });
  }

  private sendCall(id: string, call: Call): void {
    call.sent = true;
    this.send(call.message(id));
  }

  private send(m: DistributiveOmit<ClientMessage, 'v'>): void {
    if (this.socket) this.post(this.socket, m);
  }

  private post(ws: WebSocketLike, m: DistributiveOmit<ClientMessage, 'v'>): void {
    if (ws.readyState !== OPEN) return;
    try {
      ws.send(JSON.stringify({ v: RELAY_PROTOCOL_VERSION, ...m }));
    } catch {
      // A socket closing as we send: its close event follows, and handles what was in flight.
    }
  }
}
