import { expect } from 'vitest';
import type { WebSocketLike } from '../../../src/query/relay/options.js';
import type { ClientMessage, RelayMessage } from '../../../src/query/relay/protocol.js';

type Listener = (event: never) => void;
type Sent = ClientMessage & Record<string, unknown>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A WebSocket the test drives: it opens, receives and drops when told; what the client sent is in `sent`. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Sent[] = [];
  closedWith: { code?: number | undefined; reason?: string | undefined } | undefined;
  readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  /** Told of each message sent (a relay the test plays). */
  onSend: ((m: ClientMessage) => void) | undefined;

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    const m = JSON.parse(data) as Sent;
    this.sent.push(m);
    this.onSend?.(m);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  emit(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) (l as (e: unknown) => void)(event);
  }

  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }

  receive(m: DistributiveOmit<RelayMessage, 'v'>): void {
    this.emit('message', { data: JSON.stringify({ v: 1, ...m }) });
  }

  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.emit('error', {});
    this.emit('close', { code, reason });
  }

  /** Messages of type `t` sent so far. */
  of<T extends ClientMessage['t']>(t: T): Array<Extract<ClientMessage, { t: T }>> {
    return this.sent.filter((m) => m.t === t) as unknown as Array<Extract<ClientMessage, { t: T }>>;
  }

  /** Opens, checks the hello, and welcomes. */
  welcome(session = 's1', resumed = false): Extract<ClientMessage, { t: 'hello' }> {
    this.open();
    const hello = this.sent.at(-1) as Extract<ClientMessage, { t: 'hello' }>;
    expect(hello.t).toBe('hello');
    this.receive({ t: 'welcome', session, resumed });
    return hello;
  }
}

/** A WebSocket class whose instances the test reaches (`sockets`, `last()`). */
export function fakeWebSocket() {
  const sockets: FakeSocket[] = [];
  class WebSocket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket, sockets, last: () => sockets.at(-1)! };
}
