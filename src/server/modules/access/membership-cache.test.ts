import { describe, expect, it } from 'vitest';
import { type BusState, type CachedMembership, MembershipCache } from './membership-cache.js';

const member = (spaceId: number, role: 'member' | 'admin' = 'member'): CachedMembership => ({
  space_id: spaceId,
  role,
  status: 'member',
});

function bus(state: { status: 'up' | 'down' | 'off'; epoch: number }): BusState {
  return { status: () => state.status, epoch: () => state.epoch };
}

describe('MembershipCache', () => {
  it('answers from memory until the entries expire', () => {
    let now = 0;
    const cache = new MembershipCache(30_000, undefined, () => now);
    expect(cache.get(1)).toBeUndefined();
    cache.store(cache.ticket(), 1, [member(10), member(11, 'admin')]);
    expect(cache.get(1)?.get(11)?.role).toBe('admin');
    expect([...(cache.get(1)?.keys() ?? [])]).toEqual([10, 11]);
    now = 30_001;
    expect(cache.get(1)).toBeUndefined();
  });

  it('drops a person at once and refuses a read that began before', () => {
    const cache = new MembershipCache(30_000);
    cache.store(cache.ticket(), 1, [member(10)]);
    const early = cache.ticket();
    cache.invalidate({ userIds: [1] });
    expect(cache.get(1)).toBeUndefined();
    // A read that started before the change may have seen the old rows: it stores nothing.
    cache.store(early, 1, [member(10)]);
    expect(cache.get(1)).toBeUndefined();
    // A read that started afterwards is stored.
    cache.store(cache.ticket(), 1, []);
    expect(cache.get(1)?.size).toBe(0);
  });

  it('keeps whom a person follows under the same rules: dropped with the person, late reads refused', () => {
    let now = 0;
    const cache = new MembershipCache(30_000, undefined, () => now);
    expect(cache.followeesOf(1)).toBeUndefined();
    cache.storeFollowees(cache.ticket(), 1, [7, 8]);
    expect(cache.followeesOf(1)).toEqual([7, 8]);
    const early = cache.ticket();
    cache.invalidate({ userIds: [1] });
    expect(cache.followeesOf(1)).toBeUndefined();
    cache.storeFollowees(early, 1, [7, 8]);
    expect(cache.followeesOf(1)).toBeUndefined();
    cache.storeFollowees(cache.ticket(), 1, [7]);
    // A space's change is not a follow: whom people follow stays.
    cache.invalidate({ spaceIds: [10] });
    expect(cache.followeesOf(1)).toEqual([7]);
    now = 30_001;
    expect(cache.followeesOf(1)).toBeUndefined();
    cache.storeFollowees(cache.ticket(), 2, [9]);
    cache.clear();
    expect(cache.followeesOf(2)).toBeUndefined();
  });

  it('drops everyone in a changed space and refuses every read in flight', () => {
    const cache = new MembershipCache(30_000);
    cache.store(cache.ticket(), 1, [member(10)]);
    cache.store(cache.ticket(), 2, [member(20)]);
    const early = cache.ticket();
    cache.invalidate({ spaceIds: [10] });
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)?.has(20)).toBe(true);
    // Someone just invited to space 10 was not cached with it: their read in flight is refused too.
    cache.store(early, 3, []);
    expect(cache.get(3)).toBeUndefined();
  });

  it('trusts nothing while the bus is down or after it was interrupted', () => {
    const state = { status: 'up' as 'up' | 'down' | 'off', epoch: 0 };
    const cache = new MembershipCache(30_000, bus(state));
    cache.store(cache.ticket(), 1, [member(10)]);
    expect(cache.get(1)).toBeDefined();
    state.status = 'down';
    expect(cache.get(1)).toBeUndefined();
    cache.store(cache.ticket(), 2, [member(10)]);
    expect(cache.get(2)).toBeUndefined();
    // Back up, but messages of the interruption may be lost: what was stored before is void.
    cache.store(cache.ticket(), 3, [member(10)]);
    state.status = 'up';
    state.epoch = 1;
    expect(cache.get(3)).toBeUndefined();
    cache.store(cache.ticket(), 3, [member(10)]);
    expect(cache.get(3)).toBeDefined();
  });

  it('keeps a bounded number of people, copies rows and stays off at 0 seconds', () => {
    const cache = new MembershipCache(30_000);
    const row = { ...member(10), user_id: 1, created_at: 'x' } as CachedMembership;
    cache.store(cache.ticket(), 1, [row]);
    expect(cache.get(1)?.get(10)).toEqual(member(10));
    for (let id = 2; id <= 20_001; id++) cache.store(cache.ticket(), id, []);
    expect(cache.size).toBe(20_000);
    expect(cache.get(1)).toBeUndefined();
    const off = new MembershipCache(0);
    off.store(off.ticket(), 1, [member(10)]);
    expect(off.get(1)).toBeUndefined();
    expect(off.enabled).toBe(false);
  });
});
