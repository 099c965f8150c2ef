import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Origins a browser page may call the simulator from.
 * @inline
 */
export type CorsOrigins = ReadonlyArray<string | RegExp>;

/** Pages served from localhost, 127.0.0.1 or [::1] on any port. */
export const LOCAL_ORIGINS: CorsOrigins = [/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/];

const EXPOSED = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amz-apigw-id', 'Date'];

/**
 * CORS for the demo and users' own pages: the SDK in a browser sends signed
 * cross-origin requests with custom headers, so the browser asks first (preflight).
 * Allowed origins get the answer; others get no CORS headers and the browser blocks them.
 */
export class CorsPolicy {
  constructor(private readonly origins: CorsOrigins | false) {}

  allowedOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (!origin || this.origins === false) return undefined;
    return this.origins.some((o) => (typeof o === 'string' ? o === origin : o.test(origin))) ? origin : undefined;
  }

  /** Answers an OPTIONS preflight. */
  preflight(req: IncomingMessage, res: ServerResponse): void {
    const origin = this.allowedOrigin(req);
    if (!origin) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('CORS origin not allowed');
      return;
    }
    res
      .writeHead(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-expose-headers': EXPOSED.join(', '),
        'access-control-max-age': '600',
        vary: 'Origin',
      })
      .end();
  }

  /** Headers for an actual (non-preflight) response. */
  responseHeaders(req: IncomingMessage): Record<string, string> {
    const origin = this.allowedOrigin(req);
    return origin
      ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED.join(', '), vary: 'Origin' }
      : {};
  }
}
