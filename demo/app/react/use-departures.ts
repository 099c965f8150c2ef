import { useEffect, useRef, useState } from 'react';

/**
 * Items as they are, plus those that just disappeared, flagged `leaving` for `ms` so a
 * tile can animate out instead of vanishing. An item that comes back is simply present.
 */
export function useDepartures<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  ms = 600,
): Array<{ item: T; leaving: boolean }> {
  const previous = useRef(new Map<string, T>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const [departed, setDeparted] = useState<ReadonlyMap<string, T>>(new Map());

  useEffect(() => {
    const now = new Map(items.map((i) => [idOf(i), i]));
    const gone = [...previous.current].filter(([id]) => !now.has(id));
    previous.current = now;
    if (gone.length === 0) return;
    setDeparted((m) => new Map([...m, ...gone]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setDeparted((m) => {
        const rest = new Map(m);
        for (const [id] of gone) rest.delete(id);
        return rest;
      });
    }, ms);
    timers.current.add(timer);
  }, [items, idOf, ms]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending) clearTimeout(t);
    };
  }, []);

  const present = new Set(items.map(idOf));
  return [
    ...items.map((item) => ({ item, leaving: false })),
    ...[...departed].filter(([id]) => !present.has(id)).map(([, item]) => ({ item, leaving: true })),
  ];
}
