import { clearCandidates } from './candidate-cache.js';

/** How long a suggestion answer is reused; edits and deletions may show this late, never to the wrong person. */
export const SUGGESTION_TTL_MS = 5000;
const MAX_ENTRIES = 2000;

interface Entry {
  storedAt: number;
  value: unknown;
}

const entries = new Map<string, Entry>();

/**
 * Hashtag suggestions (query.repo.ts searchHashtags; the other groups share their full-text
 * candidates instead, candidate-cache.ts) cached per (query, visibility set): people who may see the same spaces share
 * an answer, and since the key holds the spaces the viewer may see *now* (looked up per request), a
 * membership that ends or a space that turns secret changes the key at once — a cached answer can be
 * a few seconds late, but never shows anything to someone who may not see it.
 */
export async function cachedSuggestion<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = performance.now();
  const entry = entries.get(key);
  if (entry && now - entry.storedAt <= SUGGESTION_TTL_MS) return entry.value as T;
  const value = await compute();
  if (entries.size >= MAX_ENTRIES) {
    for (const [oldKey, old] of entries) {
      if (now - old.storedAt > SUGGESTION_TTL_MS || entries.size >= MAX_ENTRIES) entries.delete(oldKey);
      if (entries.size < MAX_ENTRIES / 2) break;
    }
  }
  entries.set(key, { storedAt: now, value });
  return value;
}

/** Forget every cached answer and candidate list (tests that change data and look again at once). */
export function clearSuggestionCache() {
  entries.clear();
  clearCandidates();
}
