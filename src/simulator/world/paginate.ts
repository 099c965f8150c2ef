import { validation } from '../operations/errors.js';
import type { Sequenced } from './stored.js';

/**
 * Opaque, stable pagination. Items are ordered by a creation sequence that only grows,
 * and a token names the last sequence number handed out (base64url, so it fits the
 * service's `[a-zA-Z0-9+/=_-]*` pattern). Items created while a client pages through
 * land after the token and show up on a later page; nothing is skipped or repeated.
 * Tokens are bound to the operation (and filter) that issued them.
 */
export function paginate<T extends Sequenced>(
  items: Iterable<T>,
  opts: { nextToken?: unknown; maxResults?: unknown; defaultMax?: number; scope: string; newestFirst?: boolean },
): { page: T[]; nextToken: string | undefined } {
  const max = typeof opts.maxResults === 'number' ? opts.maxResults : (opts.defaultMax ?? 50);
  let after = -1;
  if (typeof opts.nextToken === 'string' && opts.nextToken !== '') {
    after = decodeToken(opts.nextToken, opts.scope);
  }
  // Newest first: the token names the last (oldest) item handed out and paging goes on to
  // older ones, so items created meanwhile (newer) never shift what is still to come.
  const sorted = opts.newestFirst
    ? [...items].filter((i) => after < 0 || i.seq < after).sort((a, b) => b.seq - a.seq)
    : [...items].filter((i) => i.seq > after).sort((a, b) => a.seq - b.seq);
  const page = sorted.slice(0, max);
  const more = sorted.length > max;
  const last = page[page.length - 1];
  return { page, nextToken: more && last ? encodeToken(last.seq, opts.scope) : undefined };
}

function encodeToken(seq: number, scope: string): string {
  return Buffer.from(JSON.stringify({ s: seq, o: scope })).toString('base64url');
}

function decodeToken(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
    if (typeof parsed.s === 'number' && parsed.o === scope) return parsed.s;
  } catch {
    // fall through
  }
  throw validation(
    "Value at 'nextToken' failed to satisfy constraint: Member must be a token returned by a previous call with the same parameters",
  );
}
