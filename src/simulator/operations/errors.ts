/**
 * Errors the simulator answers with. Each one becomes an HTTP status, an
 * `x-amzn-ErrorType` header and a `{ "exceptionMessage": ... }` body, exactly the
 * way IVS and IVS RealTime report failures (status, `x-amzn-ErrorType` header, `exceptionMessage` body).
 */
export type SimErrorName =
  | 'ValidationException'
  | 'ServiceQuotaExceededException'
  | 'AccessDeniedException'
  | 'PendingVerification'
  | 'ResourceNotFoundException'
  | 'ChannelNotBroadcasting'
  | 'ConflictException'
  | 'ThrottlingException'
  | 'InternalServerException'
  | 'ServiceUnavailable'
  | 'StreamUnavailable'
  /** Not IVS errors but what an AWS endpoint answers to a request it cannot route or parse. */
  | 'UnknownOperationException'
  | 'SerializationException'
  /** The common authentication errors of AWS JSON services, not in the IVS models. */
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  /** What the simulator answers to requests too large to serve, in the same JSON format. */
  | 'RequestEntityTooLargeException'
  | 'RequestURITooLongException'
  | 'RequestHeaderFieldsTooLargeException';

export const ERROR_STATUS: Record<SimErrorName, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  PendingVerification: 403,
  ResourceNotFoundException: 404,
  ChannelNotBroadcasting: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailable: 503,
  StreamUnavailable: 503,
  UnknownOperationException: 404,
  SerializationException: 400,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  RequestEntityTooLargeException: 413,
  RequestURITooLongException: 414,
  RequestHeaderFieldsTooLargeException: 431,
};

export class SimError extends Error {
  readonly status: number;
  constructor(
    readonly errorName: SimErrorName,
    message: string,
    /** Extra members some exceptions carry (e.g. `resourceType`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = errorName;
    this.status = ERROR_STATUS[errorName];
  }
}

export const validation = (message: string) => new SimError('ValidationException', message);
export const conflict = (message: string) => new SimError('ConflictException', message);
export const notFound = (what: string, id: string) =>
  new SimError('ResourceNotFoundException', `${what} not found: ${id}`);
export const quotaExceeded = (message: string) => new SimError('ServiceQuotaExceededException', message);
