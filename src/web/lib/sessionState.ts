import { useCallback, useLayoutEffect, useState } from 'react';

function read<T>(key: string): T | undefined {
  try {
    const stored = sessionStorage.getItem(key);
    return stored === null ? undefined : (JSON.parse(stored) as T);
  } catch {
    return undefined;
  }
}

/**
 * State that this browser tab keeps in sessionStorage, so text typed into a form survives a page
 * that had to be shown again (after an error, a reload, a lost connection). `forget` ends it once
 * the server has the text.
 */
export function useSessionState<T>(key: string, initial: () => T) {
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial());
  // Stored in the same task as the change reaches the page (a layout effect), not after the next
  // paint: a reload right after a click must not lose it.
  useLayoutEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // A full or disabled storage only costs the safety net.
    }
  }, [key, value]);
  const forget = useCallback(() => {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // see above
    }
  }, [key]);
  return [value, setValue, forget] as const;
}
