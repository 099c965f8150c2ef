import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimError } from '../errors.js';
import type { Faults } from '../faults.js';
import type { HandlerTable } from '../handlers/types.js';
import type { RequestLog } from '../log.js';
import type { Quotas } from '../quotas.js';
import type { Route, Router } from '../spec/router.js';
import { validateInput } from '../spec/validate.js';
import type { World } from '../world/world.js';
import type { CorsPolicy } from './cors.js';
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
  /** Resolves after `ms`, or at once when the simulator stops. */
  sleep(ms: number): Promise<void>;
  /** Called with errors a handler threw that are not service errors (bugs). */
  onInternalError(err: unknown, operation: string): void;
}

/** Request bodies above this are refused; IVS payloads are a few KB at most. */
const MAX_BODY = 1024 * 1024;

/**
 * Serves one request: authenticate, route, inject faults, apply quotas, validate,
 * run the handler, and answer in the restJson1 format the SDK parses. Every request
 * that gets past CORS is written to the request log, whatever its outcome.
 */
export function createRequestListener(parts: ServerParts) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'OPTIONS') {
      parts.cors.preflight(req, res);
      return;
    }
    void serve(parts, req, res);
  };
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
    const body = await readBody(req);
    try {
      route = parts.router.route(req.method ?? 'GET', rawPath, query);
    } catch (err) {
      if (!(err instanceof SimError)) throw err;
      routeError = err;
    }
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
      throw new SimError('ThrottlingException', `Rate exceeded for ${spec.name} on ${String(input[per.member])}: the quota is ${per.tps} TPS per ${per.member}`);
    }

    const handler = parts.handlers[spec.name];
    if (!handler) throw new SimError('UnknownOperationException', `${spec.name} is not implemented by the simulator`);
    const failBatchKey = () => parts.faults.roll(fault.batchErrorRate);
    const output = handler(input, { world: parts.world, spec, failBatchKey });
    send(parts, req, res, spec.status, spec.status === 204 ? undefined : (output ?? {}));
    finish(spec.status, undefined);
  } catch (err) {
    let error: SimError;
    if (err instanceof SimError) {
      error = err;
    } else {
      parts.onInternalError(err, route?.spec.name ?? rawPath);
      error = new SimError('InternalServerException', 'The simulator failed to handle this request');
    }
    sendError(parts, req, res, error);
    finish(error.status, error.errorName);
  }
}

function send(parts: ServerParts, req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID(), ...parts.cors.responseHeaders(req) };
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function sendError(parts: ServerParts, req: IncomingMessage, res: ServerResponse, error: SimError): void {
  if (res.destroyed) return;
  const text = JSON.stringify({ ...error.extra, exceptionMessage: error.message });
  res.writeHead(error.status, {
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.errorName,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...parts.cors.responseHeaders(req),
  }).end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new SimError('SerializationException', `Request body exceeds ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
