import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SimError } from '../operations/errors.js';
import type { Faults } from './faults.js';
import type { HandlerTable } from '../handlers/types.js';
import type { RequestLog } from './log.js';
import type { Quotas } from './quotas.js';
import type { Route, Router } from '../operations/router.js';
import { validateInput } from '../operations/validate.js';
import type { World } from '../world/world.js';
import { announceApiCall } from './api-call-events.js';
import { ClientGone, MAX_BODY, readBody } from './body.js';
import type { CorsPolicy } from './cors.js';
import { EVENTS_PATH, serveEventStream, type EventStreamParts } from './events-sse.js';
import { send, sendError, writeRawError } from './respond.js';
import type { SigV4Verifier } from './sigv4.js';

export interface ServerParts {
  router: Router;
  verifier: SigV4Verifier;
  world: World;
  handlers: HandlerTable;
  faults: Faults;
  quotas: Quotas;
  log: RequestLog;
  cors: CorsPolicy;
  /** The EventBridge feed's SSE endpoint (`GET /_events`). */
  eventStream: EventStreamParts;
  /** Resolves after `ms`, or at once when the simulator stops. */
  sleep(ms: number): Promise<void>;
  /** Called with errors a handler threw that are not service errors (bugs). */
  onInternalError(err: unknown, operation: string): void;
}

/**
 * URLs above this are refused with 414. The longest an IVS call makes is UntagResource
 * with 50 keys of 128 characters that all need percent-encoding: about 20 KB.
 */
export const MAX_URL = 32 * 1024;

/**
 * What Node may buffer for a request line and headers (its default, 16 KiB, is below the
 * longest legitimate URL). Beyond it Node cannot parse the request; see `createClientErrorHandler`.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Serves one request: authenticate, route, inject faults, apply quotas, validate,
 * run the handler, and answer in the restJson1 format the SDK parses. Every request
 * that gets past CORS is written to the request log, whatever its outcome.
 *
 * `clientError` handles what Node could not parse: rather than Node's bare answer (or a
 * reset, which SDKs retry as a network error), such a request gets a JSON error like any
 * other and is logged. A client that closed or reset the connection gets nothing.
 */
export function createHttpHandlers(parts: ServerParts) {
  // Sockets with a request being served: that request reports its own end.
  const busy = new WeakSet<Duplex>();
  const request = (req: IncomingMessage, res: ServerResponse): void => {
    // A response to a client that already left may fail to write; that is not an error here.
    res.on('error', () => {});
    if (req.method === 'OPTIONS') {
      parts.cors.preflight(req, res);
      return;
    }
    busy.add(req.socket);
    res.once('close', () => busy.delete(req.socket));
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    // The event stream is not an API operation: it is not routed, faulted, throttled or logged.
    if (req.method === 'GET' && rawPath === EVENTS_PATH) {
      void serveEventStream(parts.eventStream, req, res, rawPath, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      return;
    }
    void serve(parts, req, res);
  };
  const clientError = (err: Error & { code?: string }, socket: Duplex): void => {
    if (busy.has(socket) || !socket.writable || err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE') {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      // Node's own answer: the request never fully arrived, so there is nothing to log.
      socket.end('HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n');
      return;
    }
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new SimError(
            'RequestHeaderFieldsTooLargeException',
            `The request line and headers exceed ${MAX_HEADER_BYTES} bytes`,
          )
        : new SimError('SerializationException', `The request is not valid HTTP/1.1 (${err.code ?? err.message})`);
    const { log } = parts;
    log.add({
      seq: log.nextSeq(),
      time: Date.now(),
      service: undefined,
      operation: undefined,
      status: error.status,
      errorName: error.errorName,
      resource: undefined,
      keys: undefined,
      durationMs: 0,
    });
    writeRawError(socket, error);
  };
  return { request, clientError };
}

async function serve(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const seq = parts.log.nextSeq();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  let route: Route | undefined;
  let routeError: SimError | undefined;
  let input: Record<string, unknown> = {};
  const finish = (status: number, errorName: string | undefined) =>
    parts.log.add({
      seq,
      time: started,
      service: route?.spec.service,
      operation: route?.spec.name,
      status,
      errorName,
      resource: mainResource(input),
      keys: batchKeys(input),
      durationMs: Date.now() - started,
    });

  try {
    try {
      route = parts.router.route(req.method ?? 'GET', rawPath, query);
    } catch (err) {
      if (!(err instanceof SimError)) throw err;
      routeError = err;
    }
    if (url.length > MAX_URL) {
      throw new SimError(
        'RequestURITooLongException',
        `Request URI is ${url.length} characters long; the limit is ${MAX_URL}`,
      );
    }
    const body = await readBody(req, MAX_BODY);
    await parts.verifier.verify({ method: req.method ?? 'GET', rawPath, query, rawHeaders: req.rawHeaders, body });
    if (routeError || !route) throw routeError ?? new SimError('UnknownOperationException', 'No route');
    const { spec } = route;
    input = { ...parseBody(body), ...route.params };

    const fault = parts.faults.decide(spec.name);
    if (fault.latencyMs > 0) await parts.sleep(fault.latencyMs);
    if (fault.drop) {
      finish(0, undefined);
      req.socket.destroy();
      return;
    }
    if (fault.error) throw new SimError(fault.error, `Injected fault: ${fault.error}`);
    // The account quota counts every call, valid or not, as AWS's front door does; the
    // per-resource one needs a valid resource to count against.
    if (!parts.quotas.take(`${spec.service}:${spec.name}`)) {
      throw new SimError('ThrottlingException', `Rate exceeded for ${spec.name}: the account quota is ${spec.tps} TPS`);
    }
    validateInput(spec, input);
    const per = spec.perResource;
    if (per && !parts.quotas.take(`${spec.service}:${spec.name}:${String(input[per.member])}`, per.tps)) {
      throw new SimError(
        'ThrottlingException',
        `Rate exceeded for ${spec.name} on ${String(input[per.member])}: the quota is ${per.tps} TPS per ${per.member}`,
      );
    }

    const handler = parts.handlers[spec.name];
    if (!handler) throw new SimError('UnknownOperationException', `${spec.name} is not implemented by the simulator`);
    const failBatchKey = () => parts.faults.roll(fault.batchErrorRate);
    const output = handler(input, { world: parts.world, spec, failBatchKey });
    announceApiCall(parts.world, spec, input, output);
    send(parts.cors, req, res, spec.status, spec.status === 204 ? undefined : (output ?? {}));
    finish(spec.status, undefined);
  } catch (err) {
    if (err instanceof ClientGone) {
      // Nobody to answer: logged as a request that got no response, not as a failure.
      finish(0, undefined);
      return;
    }
    let error: SimError;
    if (err instanceof SimError) {
      error = err;
    } else {
      parts.onInternalError(err, route?.spec.name ?? rawPath);
      error = new SimError('InternalServerException', 'The simulator failed to handle this request');
    }
    sendError(parts.cors, req, res, error);
    finish(error.status, error.errorName);
  }
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SimError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SimError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function mainResource(input: Record<string, unknown>): string | undefined {
  for (const key of ['arn', 'channelArn', 'stageArn', 'resourceArn', 'sourceStageArn']) {
    const v = input[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function batchKeys(input: Record<string, unknown>): number | undefined {
  const keys = input.arns ?? input.viewerSessions;
  return Array.isArray(keys) ? keys.length : undefined;
}
