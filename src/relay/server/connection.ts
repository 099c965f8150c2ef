import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { CLOSE, type ClientMessage, parseClientMessage } from '../../query/relay/protocol.js';
import type { RelayContext } from './context.js';
import { call, nextPage, unwatch, watch } from './dispatch.js';
import { TokenBucket } from './rate.js';
import { Session } from './session.js';

/** Close codes after which a session is ended at once: the client meant to go (1000, 1001). */
const MEANT = new Set([1000, 1001]);

/**
 * One socket: its hello, authentication, rate, and each message in order. Messages wait for
 * the one before (a watch authorized asynchronously, then the unwatch of it), but a call's
 * work does not hold the next message up.
 */
export function connect<P>(ctx: RelayContext<P>, ws: WebSocket, request: IncomingMessage): void {
  const { limits } = ctx.options;
  const bucket = new TokenBucket(limits.messagesPerSecond, limits.burst);
  let session: Session<P> | undefined;
  let greeted = false;
  let closed = false;
  /** The relay closed it for a fault (or ws did): the session ends with it. */
  let faulted = false;
  let queue: Promise<void> = Promise.resolve();

  const close = (code: number, reason: string, counter?: keyof RelayContext<P>['refused']) => {
    if (closed) return;
    closed = true;
    faulted = true;
    if (counter) {
      ctx.refused[counter]++;
      ctx.changed();
    }
    ws.close(code, shorten(reason));
  };
  const helloTimer = setTimeout(
    () => close(CLOSE.unauthenticated, `no hello within ${limits.helloTimeoutMs} ms`, 'unauthenticated'),
    limits.helloTimeoutMs,
  );

  ws.on('message', (data: RawData, binary: boolean) => {
    if (closed) return;
    if (!bucket.take())
      return close(CLOSE.rateLimited, `more than ${limits.messagesPerSecond} messages a second`, 'rateLimited');
    if (binary) return close(CLOSE.malformed, 'binary frames are not accepted: JSON text only', 'malformed');
    const m = parseClientMessage(rawText(data));
    if (typeof m === 'string') return close(CLOSE.malformed, m, 'malformed');
    if (greeted === (m.t === 'hello'))
      return close(CLOSE.malformed, greeted ? 'hello twice' : 'the first message must be hello', 'malformed');
    if (m.t === 'hello') {
      greeted = true;
      clearTimeout(helloTimer);
      queue = hello(m).catch(ignore);
      return;
    }
    // A message that came before the socket dropped still counts (the client resuming
    // believes it was sent); after a fault, nothing more is done.
    queue = queue.then(() => (faulted || !session ? undefined : handle(session, m))).catch(ignore);
  });
  ws.on('error', (err: Error & { code?: string }) => {
    // ws has closed it (1009 for an oversized message, 1007 for bad UTF-8…): count it.
    if (err.code?.startsWith('WS_ERR_')) {
      ctx.refused.malformed++;
      ctx.changed();
      faulted = true;
    }
    closed = true;
  });
  ws.on('close', (code: number) => {
    closed = true;
    clearTimeout(helloTimer);
    const s = session;
    if (!s || s.socket !== ws) return;
    ctx.connections--;
    s.detach();
    // The relay closed it for a fault, or the client meant to go: nothing to resume.
    if (faulted || MEANT.has(code) || ctx.stopped) end(s);
    else s.dropTimer = setTimeout(() => end(s), limits.resumeMs);
    ctx.changed();
  });

  const end = (s: Session<P>) => {
    s.drop();
    if (ctx.sessions.get(s.id) === s) ctx.sessions.delete(s.id);
    ctx.changed();
  };

  async function hello(m: Extract<ClientMessage, { t: 'hello' }>): Promise<void> {
    let principal: P | undefined;
    try {
      principal = await ctx.options.authenticate({ token: m.token, request });
    } catch {
      principal = undefined;
    }
    if (closed || ctx.stopped) return;
    // The reason never repeats the token.
    if (principal === undefined) return close(CLOSE.unauthenticated, 'not authenticated', 'unauthenticated');
    const key = keyOf(principal);
    const old = m.resume && ctx.sessions.get(m.resume.session);
    let s: Session<P>;
    let resumed = false;
    if (old && key !== undefined && old.principalKey === key && m.resume && old.covers(m.resume.seq)) {
      // Another socket may still hold it (its close not yet noticed): this one takes over.
      if (old.socket) {
        const prev = old.socket;
        old.detach();
        ctx.connections--;
        prev.close(CLOSE.going, 'resumed on another connection');
      }
      s = old;
      resumed = true;
    } else {
      // Only its own principal may end a session it cannot resume (the client re-sends its watches).
      if (old && key !== undefined && old.principalKey === key && !old.socket) end(old);
      s = new Session(principal, key, { limits, lag: ctx.lag, changed: ctx.changed });
      ctx.sessions.set(s.id, s);
    }
    ws.send(JSON.stringify({ v: 1, t: 'welcome', session: s.id, resumed }));
    s.attach(ws, resumed ? m.resume?.seq : undefined);
    session = s;
    ctx.connections++;
    ctx.changed();
  }

  function handle(s: Session<P>, m: ClientMessage): Promise<void> | void {
    switch (m.t) {
      case 'watch':
        return watch(ctx, s, m);
      case 'unwatch':
        return unwatch(ctx, s, m);
      case 'call':
        return call(ctx, s, m);
      case 'next-page':
        return nextPage(s, m);
    }
  }
}

/** A message's handling failed in a way it did not report itself: the next one still runs. */
const ignore = (): undefined => undefined;

function rawText(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
}

/** A principal's stable key: its JSON (a principal that has none cannot resume). */
function keyOf(principal: unknown): string | undefined {
  try {
    return JSON.stringify(principal) ?? String(principal);
  } catch {
    return undefined;
  }
}

/** A close reason is at most 123 bytes (RFC 6455). */
function shorten(reason: string): string {
  // A cut through a character decodes as U+FFFD (3 bytes): 118 + 2 more + the ellipsis fits.
  return Buffer.byteLength(reason) <= 123 ? reason : `${Buffer.from(reason).subarray(0, 118).toString('utf8')}…`;
}
