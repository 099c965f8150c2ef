/** Someone following an entry or a collection: told after each transaction that touched it. */
export interface Listener {
  changed(): void;
  complete(): void;
}

/** The listeners of one thing: one kept as itself (the usual case, no Set), several in a Set. */
export type Listeners = Listener | Set<Listener> | undefined;

/** One listener is kept as itself, several in a Set. */
export function joined(current: Listeners, listener: Listener): Listeners {
  if (current === undefined) return listener;
  if (!(current instanceof Set)) return new Set([current, listener]);
  current.add(listener);
  return current;
}

export function left(current: Listeners, listener: Listener): Listeners {
  if (current === listener) return undefined;
  if (current instanceof Set) current.delete(listener);
  return current instanceof Set && current.size === 0 ? undefined : current;
}

export function addListener(registry: Map<string, Listener | Set<Listener>>, k: string, listener: Listener): void {
  registry.set(k, joined(registry.get(k), listener) as Listener | Set<Listener>);
}

export function removeListener(registry: Map<string, Listener | Set<Listener>>, k: string, listener: Listener): void {
  const rest = left(registry.get(k), listener);
  if (rest === undefined) registry.delete(k);
  else registry.set(k, rest);
}

/** Tells listeners of a change; a snapshot, so one that unsubscribes another mid-way is safe. */
export function notify(listeners: Listener | Set<Listener> | undefined): void {
  if (listeners === undefined) return;
  if (listeners instanceof Set) for (const l of [...listeners]) l.changed();
  else listeners.changed();
}
