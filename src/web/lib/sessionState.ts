import { type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';

function read<T>(key: string): T | undefined {
  try {
    const stored = sessionStorage.getItem(key);
    return stored === null ? undefined : (JSON.parse(stored) as T);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs the safety net.
  }
}

/**
 * State that this browser tab keeps in sessionStorage, so text typed into a form survives a page
 * that had to be shown again (after an error, a reload, a lost connection). `forget` ends it once
 * the server has the text.
 */
export function useSessionState<T>(key: string, initial: () => T) {
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial());
  const latest = useRef(value);
  useEffect(() => write(key, latest.current), [key]);
  // Stored when the change is asked for, not after the next render: a change made in an effect
  // (the poll editor hands its state up that way) renders in a later task, and a reload right after
  // a click would lose it.
  const update = useCallback(
    (next: SetStateAction<T>) => {
      latest.current = typeof next === 'function' ? (next as (current: T) => T)(latest.current) : next;
      write(key, latest.current);
      setValue(latest.current);
    },
    [key],
  );
  const forget = useCallback(() => {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // A full or disabled storage only costs the safety net.
    }
  }, [key]);
  return [value, update, forget] as const;
}
