/**
 * A record's creation sequence, which only grows: lists and their pagination order by
 * it, so the order stays stable while records come and go (see paginate.ts).
 */
export interface Sequenced {
  readonly seq: number;
}

/** A record with an ARN of its own, by which it is stored and found. */
export interface StoredResource extends Sequenced {
  readonly arn: string;
}
