/** Longest failure a card or panel shows; the simulator's messages are one sentence, well under this. */
export const MAX_ERROR_CHARS = 90;

const ARN = /arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:[\w-]+\/[\w-]+/g;

/**
 * A control's failure as a card can show it: the simulator names resources by ARN
 * ("Channel arn:aws:ivs:us-east-1:123456789012:channel/AbCd… is already live"), which is
 * a 70-character word in a 210-pixel card. ARNs the caller knows become their names
 * (`channel-07`), others their last path segment; what is still too long is cut.
 */
export function shortControlError(message: string, names: ReadonlyMap<string, string> = new Map()): string {
  const short = message.replace(ARN, (arn) => names.get(arn) ?? arn.slice(arn.lastIndexOf('/') + 1)).trim();
  return short.length <= MAX_ERROR_CHARS ? short : `${short.slice(0, MAX_ERROR_CHARS - 1).trimEnd()}…`;
}
