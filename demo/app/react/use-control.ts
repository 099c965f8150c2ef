import { useCallback, useState } from 'react';
import { control } from '../control.js';

/** A control button's state: one move at a time, the last failure shown until the next try. */
export function useControl() {
  const [pending, setPending] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(async (action: string, body: Record<string, unknown> = {}) => {
    setPending(action);
    setError(undefined);
    try {
      return await control(action, body);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      setPending(undefined);
    }
  }, []);
  return { run, pending, error };
}
