/**
 * TanStack Query turns polling (`refetchInterval`) and retries off when it thinks it runs
 * on a server (`typeof window === 'undefined'`, decided when query-core loads). Our users
 * run it in browsers, so the bench gives it a `window` before query-core is imported:
 * this module must be imported first.
 */
const g = globalThis as { window?: unknown };
g.window ??= { addEventListener() {}, removeEventListener() {} };
export {};
