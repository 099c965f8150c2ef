import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimError } from '../operations/errors.js';
import type { CorsPolicy } from './cors.js';
import type { EventFeed } from './event-feed.js';
import { sendError } from './respond.js';
import { authError } from './sigv4-auth-header.js';
import type { SigV4Verifier, SimCredentials } from './sigv4.js';

/** No IVS or RealTime route starts with `/_`, so this path cannot shadow one. */
export const EVENTS_PATH = '/_events';

export interface EventStreamParts {
  feed: EventFeed;
  verifier: SigV4Verifier;
  credentials: SimCredentials;
  cors: CorsPolicy;
  /** A heartbeat event this often, so a client can tell a quiet feed from a dead one. */
  heartbeatMs: number;
}

/**
 * Named, not a `:` comment: a browser's EventSource never hands comment lines to the page,
 * but it does dispatch named events to `addEventListener('heartbeat', …)`.
 */
const HEARTBEAT = 'event: heartbeat\ndata: {}\n\n';

/**
 * `GET /_events`: the delivered events as Server-Sent Events (`id:` the event id,
 * `data:` the JSON envelope) plus `heartbeat` events. A request signed like any API
 * call (SigV4) is let in; so is one carrying `?token=<accessKeyId>:<secretAccessKey>`,
 * because a browser's EventSource cannot sign. Anything else gets the API's 403s.
 */
export async function serveEventStream(
  parts: EventStreamParts,
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  query: URLSearchParams,
): Promise<void> {
  try {
    await authenticate(parts, req, rawPath, query);
  } catch (err) {
    const error = err instanceof SimError ? err : new SimError('InternalServerException', 'Authentication failed');
    sendError(parts.cors, req, res, error);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...parts.cors.responseHeaders(req),
  });
  // One at once, so the client sees the stream is open and alive before any event.
  res.write(HEARTBEAT);
  const unsubscribe = parts.feed.subscribe((event) => {
    res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(HEARTBEAT), parts.heartbeatMs);
  heartbeat.unref();
  res.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function authenticate(
  parts: EventStreamParts,
  req: IncomingMessage,
  rawPath: string,
  query: URLSearchParams,
): Promise<void> {
  const token = query.get('token');
  if (req.headers.authorization !== undefined || token === null) {
    await parts.verifier.verify({ method: 'GET', rawPath, query, rawHeaders: req.rawHeaders, body: Buffer.alloc(0) });
    return;
  }
  const expected = Buffer.from(`${parts.credentials.accessKeyId}:${parts.credentials.secretAccessKey}`);
  const given = Buffer.from(token);
  // The message never echoes the token: it holds the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}
