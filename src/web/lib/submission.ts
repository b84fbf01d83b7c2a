import { useCallback, useMemo, useRef } from 'react';
import { newIdempotencyKey } from './api';

/**
 * Sending a form that creates something, at most once:
 * - `run` ignores further submits while one is on its way (clicks can arrive before React has
 *   re-rendered the disabled button, because the mutation's pending state is published later);
 * - `key()` is the form submission's idempotency key: the same for every attempt to send it (a
 *   double click that slipped through, a retry), a new one after `accepted()`. The server keeps only
 *   successful answers, so a corrected form may go out again under the same key after an error.
 */
export function useSubmission() {
  const current = useRef<string | null>(null);
  const busy = useRef(false);
  const key = useCallback(() => {
    current.current ??= newIdempotencyKey();
    return current.current;
  }, []);
  const accepted = useCallback(() => {
    current.current = null;
  }, []);
  const run = useCallback((send: () => Promise<unknown>) => {
    if (busy.current) return;
    busy.current = true;
    send()
      .catch(() => undefined) // the mutation's own error state shows what went wrong
      .finally(() => {
        busy.current = false;
      });
  }, []);
  return useMemo(() => ({ key, accepted, run }), [key, accepted, run]);
}
