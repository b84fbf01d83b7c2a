import { describe, expect, it } from 'vitest';
import { ALL_TAG_LISTS, ItemCache, listKey } from './item-cache.js';

const refs = (spaceId: number | null, userIds: number[] = [1], fileIds: string[] = []) => ({
  spaceId,
  userIds,
  fileIds,
});

describe('ItemCache', () => {
  it('keeps entries for the bound and no longer', () => {
    let now = 0;
    const cache = new ItemCache(1_000_000, 60_000, () => now);
    cache.store(cache.ticket(), 1, { text: 'a' }, refs(5));
    now = 60_000;
    expect(cache.get(1)).toEqual({ text: 'a' });
    now = 60_001;
    expect(cache.get(1)).toBeUndefined();
    expect(cache.size.bytes).toBe(0);
  });

  it('evicts the least recently used entries beyond its bytes', () => {
    const entry = (n: number) => ({ text: 'x'.repeat(90), n });
    const bytes = JSON.stringify(entry(1)).length;
    const cache = new ItemCache(bytes * 3, 60_000);
    for (const id of [1, 2, 3]) cache.store(cache.ticket(), id, entry(id), refs(null));
    cache.get(1);
    cache.store(cache.ticket(), 4, entry(4), refs(null));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toEqual(entry(1));
    expect(cache.get(4)).toEqual(entry(4));
    expect(cache.size.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.evictions).toBe(1);
  });

  it('does not store what a read started before an invalidation of that item saw', () => {
    const cache = new ItemCache(1_000_000, 60_000);
    const before = cache.ticket();
    cache.invalidate({ contentIds: [1] });
    cache.store(before, 1, { text: 'stale' }, refs(null));
    cache.store(before, 2, { text: 'other item' }, refs(null));
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)).toEqual({ text: 'other item' });
    cache.store(cache.ticket(), 1, { text: 'fresh' }, refs(null));
    expect(cache.get(1)).toEqual({ text: 'fresh' });
  });

  it('drops every item of a space, person or file, and refuses reads in flight', () => {
    const cache = new ItemCache(1_000_000, 60_000);
    cache.store(cache.ticket(), 1, { n: 1 }, refs(5, [1]));
    cache.store(cache.ticket(), 2, { n: 2 }, refs(6, [2, 3]));
    cache.store(cache.ticket(), 3, { n: 3 }, refs(null, [4], ['f']));
    cache.storeList(cache.ticket(), 'space:5', { ids: [{ id: 1, published_at: 'x' }], complete: true });
    const inFlight = cache.ticket();
    cache.invalidate({ spaceIds: [5], userIds: [3], fileIds: ['f'] });
    expect([cache.get(1), cache.get(2), cache.get(3)]).toEqual([undefined, undefined, undefined]);
    expect(cache.list('space:5')).toBeUndefined();
    cache.store(inFlight, 4, { n: 4 }, refs(7));
    expect(cache.get(4)).toBeUndefined();
  });

  it('keeps newest-id lists per container until their container changes', () => {
    const cache = new ItemCache(1_000_000, 60_000);
    const key = listKey({ spaceId: null, profileUserId: 9 });
    expect(key).toBe('profile:9');
    expect(listKey({ spaceId: null, profileUserId: null })).toBe('company');
    const before = cache.ticket();
    cache.invalidate({ lists: [key] });
    cache.storeList(before, key, { ids: [], complete: true });
    expect(cache.list(key)).toBeUndefined();
    cache.storeList(cache.ticket(), key, { ids: [], complete: true });
    expect(cache.list(key)).toEqual({ ids: [], complete: true });
  });

  it("drops a space's pinned posts with its newest ids, and refuses a read that began before", () => {
    const cache = new ItemCache(1_000_000, 60_000);
    const entry = { ids: [{ id: 1, published_at: null }], complete: true };
    cache.storeList(cache.ticket(), 'pinned:3', entry);
    cache.storeList(cache.ticket(), 'pinned:4', entry);
    const before = cache.ticket();
    cache.invalidate({ lists: ['space:3'] });
    expect(cache.list('pinned:3')).toBeUndefined();
    expect(cache.list('pinned:4')).toEqual(entry);
    cache.storeList(before, 'pinned:3', entry);
    expect(cache.list('pinned:3')).toBeUndefined();
    cache.invalidate({ spaceIds: [4] });
    expect(cache.list('pinned:4')).toBeUndefined();
  });

  it('holds nothing when its size is 0', () => {
    const cache = new ItemCache(0, 60_000);
    cache.store(cache.ticket(), 1, { n: 1 }, refs(null));
    expect(cache.get(1)).toBeUndefined();
  });

  it('keeps each person’s own reactions apart, refuses a racing read, and drops all tag lists at once', () => {
    let now = 0;
    const cache = new ItemCache(1_000_000, 60_000, () => now);
    cache.storeOwnReactions(cache.ticket(), 7, [1, 2], new Map([[1, 'like']]));
    expect(cache.ownReactions(7, [1, 2, 3])).toEqual({
      known: new Map([
        [1, 'like'],
        [2, null],
      ]),
      missing: [3],
    });
    expect(cache.ownReactions(8, [1]).missing).toEqual([1]);
    const racing = cache.ticket();
    cache.invalidate({ ownReactions: [{ userId: 7, contentId: 1 }] });
    cache.storeOwnReactions(racing, 7, [1], new Map([[1, 'like']]));
    expect(cache.ownReactions(7, [1, 2]).missing).toEqual([1]);
    now = 60_001;
    expect(cache.ownReactions(7, [2]).missing).toEqual([2]);

    const entry = { ids: [{ id: 1, published_at: 'x', space_id: null }], complete: true };
    cache.storeList(cache.ticket(), 'tag:a', entry);
    cache.storeList(cache.ticket(), 'tag:b', entry);
    cache.storeList(cache.ticket(), 'space:1', entry);
    const reading = cache.ticket();
    cache.invalidate({ lists: [ALL_TAG_LISTS] });
    expect(cache.list('tag:a')).toBeUndefined();
    expect(cache.list('tag:b')).toBeUndefined();
    expect(cache.list('space:1')).toEqual(entry);
    cache.storeList(reading, 'tag:c', entry);
    expect(cache.list('tag:c')).toBeUndefined();
    cache.storeList(cache.ticket(), 'tag:c', entry);
    expect(cache.list('tag:c')).toEqual(entry);
  });
});
