/**
 * A lock that can be lost while held: a lease (Redis) rather than a Web Lock, which a live
 * holder keeps until it lets go. Its holder learns of the loss by `lost`, an AbortSignal.
 */
export function onLost(lock: unknown, fn: () => void): void {
  const lost = (lock as { lost?: unknown } | null)?.lost;
  if (!(lost instanceof AbortSignal)) return;
  if (lost.aborted) queueMicrotask(fn);
  else lost.addEventListener('abort', fn, { once: true });
}
