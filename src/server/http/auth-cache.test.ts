import { describe, expect, it } from 'vitest';
import { AuthCache, type CachedSession } from './auth-cache.js';

const session = (id: number): CachedSession => ({
  id,
  role: 'member',
  name: `Person ${id}`,
  handle: `person${id}`,
  locale: null,
  last_seen_at: '2026-12-01T09:00:00.000Z',
  expires_at: '2026-12-31T09:00:00.000Z',
});

describe('AuthCache', () => {
  it('keeps an entry for the bound and no longer', () => {
    let now = 0;
    const cache = new AuthCache(5000, () => now);
    cache.storeSession(cache.ticket(), 'a', session(1));
    now = 5000;
    expect(cache.session('a')?.id).toBe(1);
    now = 5001;
    expect(cache.session('a')).toBeUndefined();
  });

  it('drops sessions and tokens by id, hash and person', () => {
    const cache = new AuthCache(5000, () => 0);
    cache.storeSession(cache.ticket(), 'a', session(1));
    cache.storeSession(cache.ticket(), 'b', session(1));
    cache.storeSession(cache.ticket(), 'c', session(2));
    cache.storeToken(cache.ticket(), 't', { ...session(1), scope: 'read', token_id: 9, last_used_at: null });
    cache.invalidate({ sessionIds: ['c'] });
    expect(cache.session('c')).toBeUndefined();
    expect(cache.session('a')?.id).toBe(1);
    cache.invalidate({ userIds: [1] });
    expect(cache.session('a')).toBeUndefined();
    expect(cache.session('b')).toBeUndefined();
    expect(cache.token('t')).toBeUndefined();
  });

  it('does not store a row looked up before an invalidation arrived', () => {
    const cache = new AuthCache(5000, () => 0);
    const ticket = cache.ticket();
    // The database answered with the session, but meanwhile the person logged out everywhere.
    cache.invalidate({ userIds: [1] });
    cache.storeSession(ticket, 'a', session(1));
    expect(cache.session('a')).toBeUndefined();
  });

  it('caches nothing with a bound of 0', () => {
    const cache = new AuthCache(0, () => 0);
    cache.storeSession(cache.ticket(), 'a', session(1));
    expect(cache.session('a')).toBeUndefined();
  });
});
