import { useCallback, useEffect, useRef, useState } from 'react';
import { control } from '../control.js';
import { shortControlError } from '../control-error.js';

/** A failure stays this long when nothing else clears it. */
export const ERROR_MS = 6_000;
/**
 * After a move the server accepted, its button stays disabled until the target shows
 * something new, at most this long: the store sees the move only at its next poll (2 s,
 * longer while it backs off), and a second click meanwhile could only fail ("already live").
 */
export const SETTLE_MS = 10_000;

export interface ControlOptions {
  /**
   * What the target shows now, as a string (a card: `LIVE/HEALTHY`). A failure or a wait
   * belongs to what was shown when its button was pressed: once this changes, neither is
   * shown any more, so a card never says "already live" next to OFFLINE.
   */
  shown?: string;
  /** ARN → name, so failures name resources the way the page does. */
  names?: ReadonlyMap<string, string>;
}

interface Mark {
  action: string;
  /** `shown` when the button was pressed. */
  at: string | undefined;
}

/** A control button's state: one move at a time, its failure short and only while it still applies. */
export function useControl(options: ControlOptions = {}) {
  const { shown, names } = options;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const namesRef = useRef(names);
  namesRef.current = names;

  const [pending, setPending] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<(Mark & { message: string }) | undefined>(undefined);
  const [settling, setSettling] = useState<Mark | undefined>(undefined);
  // Hidden as soon as the target shows something else (below), and forgotten here, so
  // that it does not come back if the target returns to what it showed.
  useEffect(() => {
    const stale = (mark: Mark | undefined) => mark !== undefined && mark.at !== shown;
    setFailure((f) => (stale(f) ? undefined : f));
    setSettling((m) => (stale(m) ? undefined : m));
  }, [shown]);
  useEffect(() => {
    if (!failure) return;
    const t = setTimeout(() => setFailure(undefined), ERROR_MS);
    return () => clearTimeout(t);
  }, [failure]);
  useEffect(() => {
    if (!settling) return;
    const t = setTimeout(() => setSettling(undefined), SETTLE_MS);
    return () => clearTimeout(t);
  }, [settling]);

  const run = useCallback(async (action: string, body: Record<string, unknown> = {}) => {
    const at = shownRef.current;
    // An answer that comes back after the target moved on is about a state no longer shown.
    const stillShown = () => shownRef.current === at;
    setPending(action);
    setFailure(undefined);
    setSettling(undefined);
    try {
      const answer = await control(action, body);
      // A control without a target to watch (the world's buttons) has nothing to wait for.
      if (at !== undefined && stillShown()) setSettling({ action, at });
      return answer;
    } catch (err) {
      if (stillShown())
        setFailure({
          action,
          at,
          message: shortControlError(err instanceof Error ? err.message : String(err), namesRef.current),
        });
      return undefined;
    } finally {
      setPending(undefined);
    }
  }, []);

  const current = <M extends Mark>(mark: M | undefined) => (mark && mark.at === shown ? mark : undefined);
  const waiting = current(settling)?.action;
  return {
    run,
    /** The move on its way to the server. */
    pending,
    /** The move the server made that the target does not show yet. */
    waiting,
    /** True while a button should not take another move. */
    busy: pending !== undefined || waiting !== undefined,
    error: current(failure)?.message,
  };
}
