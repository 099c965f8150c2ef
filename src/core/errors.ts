/**
 * Every failure the store reports is an `IvsStoreError`: one class, a `kind` to switch on,
 * and the context a UI needs (operation, resource id, the service's own message).
 */
export type IvsStoreErrorKind =
  | 'validation' // the input breaks a rule (found locally or by the service)
  | 'not-found'
  | 'access' // not allowed, or the signature/clock was refused
  | 'conflict' // the resource's state forbids it now (e.g. deleting a live channel)
  | 'quota' // a service quota (not a rate) is exhausted, e.g. one stream key per channel
  | 'throttled' // rate limited: retried with backoff
  | 'unavailable' // 5xx: retried with backoff
  | 'network' // no answer: retried with backoff
  | 'aborted' // nobody waits for the answer any more
  | 'disposed' // the store was disposed: nothing more is sent
  | 'unsupported' // the installed AWS SDK client lacks a command the store needs: upgrade it
  | 'unknown';

const RETRYABLE: ReadonlySet<IvsStoreErrorKind> = new Set(['throttled', 'unavailable', 'network']);

/**
 * What an `IvsStoreError` is made from: its fields, and the `cause`.
 * @inline
 */
export interface IvsStoreErrorInit {
  kind: IvsStoreErrorKind;
  message: string;
  operation?: string | undefined;
  resourceId?: string | undefined;
  /** The service's error name, e.g. `ConflictException`. */
  code?: string | undefined;
  status?: number | undefined;
  /** For local validation: the input member at fault, e.g. `name` or `tags.env`. */
  field?: string | undefined;
  cause?: unknown;
}

/**
 * A registry symbol, the same in every copy of the library: an app whose bundler loaded both
 * the ESM and the CJS build (the dual-package hazard) still recognises errors from either.
 */
const BRAND = Symbol.for('ivs-store.IvsStoreError');

/**
 * Whether `value` is an IvsStoreError from any copy of ivs-store. `instanceof IvsStoreError`
 * answers the same (it checks the brand), so both are safe across ESM and CJS copies.
 *
 * @example
 * ```ts
 * try { await store.channels.delete(arn); }
 * catch (err) { if (isIvsStoreError(err) && err.kind === 'conflict') toast('Stop the stream first'); }
 * ```
 */
export function isIvsStoreError(value: unknown): value is IvsStoreError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Every failure the store reports: a `kind` to switch on, and the operation, resource and
 * field it concerns. Entries carry it as `error`; Promises reject with it.
 *
 * @example
 * ```ts
 * store.channels.get$(arn).subscribe((e) => {
 *   if (e.status === 'error' && e.error.kind === 'access') showLogin();
 * });
 * ```
 */
export class IvsStoreError extends Error {
  /**
   * Recognised by brand, not by prototype: see isIvsStoreError.
   * @example if (err instanceof IvsStoreError) console.warn(err.kind)
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isIvsStoreError(value);
  }

  /** What went wrong, to switch on. */
  readonly kind: IvsStoreErrorKind;
  /** The IVS operation concerned, e.g. `UpdateChannel`. */
  readonly operation: string | undefined;
  /** The resource concerned (usually an ARN), when one is. */
  readonly resourceId: string | undefined;
  /** The service's error name, e.g. `ConflictException`. */
  readonly code: string | undefined;
  /** The HTTP status of the service's answer, when there was one. */
  readonly status: number | undefined;
  /** For `validation`: the input member at fault, e.g. `name` or `tags.env`. */
  readonly field: string | undefined;
  /** Whether the store retries it (throttling, 5xx, network). */
  readonly retryable: boolean;

  constructor(init: IvsStoreErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'IvsStoreError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.resourceId = init.resourceId;
    this.code = init.code;
    this.status = init.status;
    this.field = init.field;
    this.retryable = RETRYABLE.has(init.kind);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * A plain object for logs and JSON: no stack, no cause (which could hold a request).
   * @example console.log(JSON.stringify(err)) // {"name":"IvsStoreError","kind":"conflict",...}
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      operation: this.operation,
      resourceId: this.resourceId,
      code: this.code,
      status: this.status,
      field: this.field,
    };
  }
}

/** A local validation failure: names the field and the rule, before any network call. */
export function invalidInput(operation: string, field: string, rule: string): IvsStoreError {
  return new IvsStoreError({ kind: 'validation', operation, field, message: `${operation}: '${field}' ${rule}` });
}

/** What every method of a disposed store rejects with. */
export function disposedError(operation?: string): IvsStoreError {
  return new IvsStoreError({
    kind: 'disposed',
    operation,
    message: `${operation ? `${operation}: ` : ''}the store was disposed`,
  });
}

/** The error names every AWS JSON service shares; a service adds its own (`ServiceErrors`). */
const BY_CODE: Record<string, IvsStoreErrorKind> = {
  ValidationException: 'validation',
  SerializationException: 'validation',
  ResourceNotFoundException: 'not-found',
  AccessDeniedException: 'access',
  UnrecognizedClientException: 'access',
  InvalidSignatureException: 'access',
  MissingAuthenticationTokenException: 'access',
  IncompleteSignatureException: 'access',
  ConflictException: 'conflict',
  ServiceQuotaExceededException: 'quota',
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  InternalServerException: 'unavailable',
};

/** What a service adds to the classification of its errors. */
export interface ServiceErrors {
  /** Its own error names and their kinds. */
  codes: Readonly<Record<string, IvsStoreErrorKind>>;
  /** The SDK clients it needs, said when the installed one lacks a command. */
  sdkNeeded: string;
}

const NETWORK =
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|other side closed|Failed to fetch|NetworkError|network/i;

interface SdkErrorLike {
  name?: string;
  message?: string;
  exceptionMessage?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * A command the installed SDK client does not export. An ESM chunk importing it fails to
 * link; Node words it "Named export 'XCommand' not found" when the SDK loads as CommonJS (it
 * does on Node) and "does not provide an export named 'XCommand'" for an ESM package. A
 * CommonJS build gets undefined and fails at `new` ("….XCommand is not a constructor").
 * Whichever, retrying cannot help.
 */
const MISSING_COMMAND = /export(?: named)? '(\w+Command)'|(\w+Command) is not a constructor/;

/**
 * Turns whatever an SDK call threw into an `IvsStoreError`. The service's message is in
 * `exceptionMessage` (the SDK leaves `message` as "UnknownError" for IVS errors).
 */
export function classifyError(
  err: unknown,
  operation?: string,
  resourceId?: string,
  service?: ServiceErrors,
): IvsStoreError {
  if (isIvsStoreError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorLike;
  // Loaders and test runners may wrap the link error: look one cause down too.
  const missing = MISSING_COMMAND.exec(`${e.message} ${(e as { cause?: { message?: string } }).cause?.message}`);
  if (missing) {
    return new IvsStoreError({
      kind: 'unsupported',
      operation,
      resourceId,
      message: `The installed AWS SDK client has no ${missing[1] ?? missing[2]}${service ? `: ivs-store needs ${service.sdkNeeded}` : ''}`,
      cause: err,
    });
  }
  const status = e.$metadata?.httpStatusCode;
  const code = e.name;
  let kind: IvsStoreErrorKind = (code && (BY_CODE[code] ?? service?.codes[code])) || 'unknown';
  if (code === 'AbortError') kind = 'aborted';
  else if (kind === 'unknown' && status !== undefined) {
    if (status === 429) kind = 'throttled';
    else if (status >= 500) kind = 'unavailable';
    else if (status === 404) kind = 'not-found';
    else if (status === 403 || status === 401) kind = 'access';
    else if (status === 409) kind = 'conflict';
    else if (status === 400) kind = 'validation';
  } else if (kind === 'unknown' && status === undefined && NETWORK.test(`${e.code ?? ''} ${e.message ?? ''}`)) {
    kind = 'network';
  }
  const serviceMessage = e.exceptionMessage ?? (e.message && e.message !== 'UnknownError' ? e.message : undefined);
  const where = [operation, resourceId].filter(Boolean).join(' ');
  return new IvsStoreError({
    kind,
    message: `${where ? `${where}: ` : ''}${serviceMessage ?? code ?? 'request failed'}`,
    operation,
    resourceId,
    code: kind === 'network' || kind === 'aborted' ? undefined : code,
    status,
    cause: err,
  });
}

/** A member a successful response must carry; its absence is reported, not papered over. */
export function required<T>(value: T | undefined, operation: string, member: string): T {
  if (value === undefined)
    throw new IvsStoreError({ kind: 'unknown', operation, message: `${operation}: the response had no '${member}'` });
  return value;
}
