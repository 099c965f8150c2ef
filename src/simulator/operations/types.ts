/**
 * The table that drives the simulator's one router and one validator. Each operation
 * of both SDK clients has one `OperationSpec`: where it lives (method + path), what it
 * answers on success, which members are required, and the limits of each member.
 * Handlers only implement semantics; everything a table can say is said here.
 */
/** @inline */
export type Service = 'ivs' | 'realtime';
/** @inline */
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** A rule for one input member. Built with the helpers in `rules.ts`. */
export type Rule =
  | { kind: 'string'; min?: number; max?: number; pattern?: RegExp; patternText?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min?: number; max?: number }
  /** A number that may be fractional (the model's `float`). */
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'bool' }
  | { kind: 'arn'; types: readonly string[] }
  /** `min`/`max` count entries; every key and value is checked against `key`/`value`. */
  | { kind: 'map'; min?: number; max?: number; key?: Rule; value?: Rule }
  | { kind: 'list'; min?: number; max?: number; item?: Rule }
  | { kind: 'object'; fields?: Record<string, Rule>; required?: readonly string[] }
  | { kind: 'any' };

/** One operation the simulator serves: its route, its input rules and its quotas. */
export interface OperationSpec {
  /** The operation's name, e.g. `GetChannel`. */
  name: string;
  /** Which SDK client calls it. */
  service: Service;
  /** Its HTTP method. */
  method: HttpMethod;
  /** e.g. `/GetChannel` or `/tags/{resourceArn}`. */
  path: string;
  /** Status on success (200, or 204 for some IVS deletes and PutMetadata). */
  status: 200 | 204;
  /** Members the SDK model marks required. */
  required: readonly string[];
  /** Limits of each member; members absent here are accepted as they come. */
  fields: Record<string, Rule>;
  /** Groups of members of which at most one may be set, and the error that says so. */
  exclusive?: {
    /** The members of which at most one may be set. */
    members: readonly string[];
    /** The error a request setting more than one gets. */
    error: 'ValidationException' | 'ConflictException';
  };
  /** Published per-account TPS quota (the IVS user guides' service quotas). */
  tps: number;
  /** A further quota per resource, e.g. PutMetadata's 5 TPS per channel. */
  perResource?: {
    /** The input member naming the resource. */
    member: string;
    /** Calls per second per resource. */
    tps: number;
  };
}
