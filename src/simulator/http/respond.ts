import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimError } from '../operations/errors.js';
import type { CorsPolicy } from './cors.js';

/** A restJson1 success: JSON body, or none for 204. */
export function send(cors: CorsPolicy, req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID(), ...cors.responseHeaders(req) };
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

/** The error body every simulator error has: `exceptionMessage` plus the error's own members. */
function errorText(error: SimError): string {
  return JSON.stringify({ ...error.extra, exceptionMessage: error.message });
}

/** A restJson1 error: status, `x-amzn-ErrorType` and a JSON body. */
export function sendError(cors: CorsPolicy, req: IncomingMessage, res: ServerResponse, error: SimError): void {
  if (res.destroyed) return;
  const text = errorText(error);
  res
    .writeHead(error.status, {
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': error.errorName,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...cors.responseHeaders(req),
    })
    .end(text);
}

/** How long a refused connection is drained before it is cut. */
const LINGER_MS = 2_000;

/**
 * The same error written straight to a socket, for requests Node could not parse (there
 * is no ServerResponse then). The connection closes after it; what the client is still
 * sending is read and dropped for a moment, so it reads the answer rather than a reset.
 */
export function writeRawError(socket: Duplex, error: SimError): void {
  const text = errorText(error);
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    `x-amzn-requestid: ${randomUUID()}`,
    `x-amzn-errortype: ${error.errorName}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(text)}`,
    `date: ${new Date().toUTCString()}`,
    'connection: close',
  ].join('\r\n');
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.end(`${head}\r\n\r\n${text}`);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
