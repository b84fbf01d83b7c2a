import { describe, expect, it } from 'vitest';
import { mergeNewest } from './stream.repo.js';

type Entry = { id: number; published_at: string | null };
const newestFirst = (a: Entry, b: Entry) =>
  (a.published_at ?? '') === (b.published_at ?? '')
    ? b.id - a.id
    : (a.published_at ?? '') < (b.published_at ?? '')
      ? 1
      : -1;

describe('mergeNewest', () => {
  it('picks the same entries as sorting all the lists together', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let nextId = 1;
    for (let round = 0; round < 200; round++) {
      const lists: Entry[][] = Array.from({ length: Math.floor(random() * 25) }, () =>
        Array.from({ length: Math.floor(random() * 30) }, () => ({
          id: nextId++,
          // Few distinct times: ties are broken by id, as in the feeds' queries.
          published_at: random() < 0.05 ? null : `2026-12-0${1 + Math.floor(random() * 5)}T10:00:00.000Z`,
        })).sort(newestFirst),
      );
      const count = 1 + Math.floor(random() * 40);
      expect(mergeNewest(lists, count)).toEqual(lists.flat().sort(newestFirst).slice(0, count));
    }
  });
});
