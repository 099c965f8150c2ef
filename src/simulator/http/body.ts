import type { IncomingMessage } from 'node:http';
import { SimError } from '../operations/errors.js';

/** Request bodies above this are refused; IVS payloads are a few KB at most. */
export const MAX_BODY = 1024 * 1024;

/**
 * After a body is refused, up to this much more is read and dropped, so the client is done
 * sending when it reads the 413 (closing on unread data makes the kernel reset the connection,
 * and the client would see a network error, which SDKs retry). Beyond it the connection is cut.
 */
const MAX_DISCARD = 64 * 1024 * 1024;

/** The client closed or reset the connection before it sent the whole request. */
export class ClientGone extends Error {
  constructor() {
    super('The client closed the connection before sending the whole request');
  }
}

const tooLarge = (limit: number) =>
  new SimError('RequestEntityTooLargeException', `Request body exceeds ${limit} bytes`);

/**
 * Reads a request body of at most `limit` bytes. A larger one is refused as soon as
 * Content-Length (or the bytes so far) says so, and the rest is dropped, never kept.
 * Rejects with `ClientGone` when the client leaves mid-body.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    const refuse = () => {
      chunks = undefined;
      reject(tooLarge(limit));
    };
    if (Number(req.headers['content-length']) > limit) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (chunks && size > limit) refuse();
      if (chunks) chunks.push(chunk);
      else if (size > limit + MAX_DISCARD) req.socket.destroy();
    });
    req.on('end', () => {
      if (chunks) resolve(Buffer.concat(chunks));
    });
    // 'close' before the whole message arrived: the client closed or reset the connection.
    req.on('close', () => {
      if (!req.complete) reject(new ClientGone());
    });
    // The same event, reported as an error; 'close' above handles it, and an 'error' with no
    // listener would be thrown.
    req.on('error', () => {});
  });
}
