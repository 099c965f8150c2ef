/**
 * What a relay-mode store needs of a WebSocket: the browser's `WebSocket` class (the
 * default), or another with its API (the `ws` package's, in Node before 22).
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (as the WebSocket standard numbers them). */
  readonly readyState: number;
  /**
   * Sends one text frame.
   * @example socket.send(JSON.stringify({ v: 1, t: 'unwatch', id: 'w1' }))
   */
  send(data: string): void;
  /**
   * Closes the socket with a code and a reason.
   * @example socket.close(1001, 'disposed')
   */
  close(code?: number, reason?: string): void;
  // One signature per event, with only what is read of it: the DOM's and `ws`'s generic
  // addEventListener (whose listeners take their full event types) both fit.
  /**
   * Listens to the frames received.
   * @example socket.addEventListener('message', (e) => console.log(e.data))
   */
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /**
   * Listens to the socket's close, with the code and reason the other side gave.
   * @example socket.addEventListener('close', (e) => console.log(e.code, e.reason))
   */
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  /**
   * Listens to the socket's opening, or its failure (a close follows).
   * @example socket.addEventListener('open', () => console.log('open'))
   */
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}

/** A WebSocket class: `new WebSocket(url)`. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** `createIvsStore({ relay })`: the store reads through a relay (`ivs-store/relay`) instead of AWS clients. */
export interface RelayClientOptions {
  /** The relay's WebSocket URL, `wss://…` (or `ws://` on localhost). */
  url: string;
  /**
   * What the relay's `authenticate` receives: a string, or a function asked at every
   * (re)connect, so an expiring JWT can be refreshed (it may return a Promise).
   */
  token?: string | (() => string | Promise<string>);
  /** The WebSocket class. Default: `globalThis.WebSocket` (browsers, Node 22+). */
  WebSocket?: WebSocketConstructorLike;
  /** Reconnecting after a lost connection: the first wait and the longest, ms (doubling, with jitter). Default 500 and 30 000. */
  reconnect?: {
    /** The first wait, ms. Default 500. */
    initialDelay?: number;
    /** The longest wait, ms. Default 30 000. */
    maxDelay?: number;
  };
}

// In core (a field of StoreMetrics, which core may not import from here); re-exported where it was.
export type { RelayClientMetrics } from '../../core/metrics.js';
