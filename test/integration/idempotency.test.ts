import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/server/lib/clock.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace } from '../helpers/stream.js';

let test: TestApp;
let admin: TestClient;
let spaceId: number;

beforeAll(async () => {
  test = await startTestApp();
  ({ admin } = await setUpOrganisation(test));
  spaceId = (await createSpace(admin)).id;
});
afterAll(async () => test?.close());

const keyed = (client: TestClient, path: string, json: unknown, key: string) =>
  client.request('POST', path, { json, headers: { 'idempotency-key': key } });

async function postBodies(client: TestClient) {
  const feed = await client.get(`/api/v1/spaces/${spaceId}/feed`);
  expect(feed.status).toBe(200);
  return (feed.body.items as Array<{ body?: string; html?: string }>).map((item) => item.body ?? item.html);
}

describe('Idempotency-Key on creating requests', () => {
  it('the same key twice creates one post and answers the same both times', async () => {
    const key = 'test-key-0001';
    const first = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Nur einmal bitte' }, key);
    const second = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Nur einmal bitte' }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const bodies = await postBodies(admin);
    expect(bodies.filter((body) => String(body).includes('Nur einmal bitte'))).toHaveLength(1);
  });

  it('two requests with one key at the same moment (a double click) create one post', async () => {
    const key = 'test-key-double-click';
    const [a, b] = await Promise.all([
      keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Doppelklick' }, key),
      keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Doppelklick' }, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const bodies = await postBodies(admin);
    expect(bodies.filter((body) => String(body).includes('Doppelklick'))).toHaveLength(1);
  });

  it('a repeat with a different body is refused with 422 and changes nothing', async () => {
    const key = 'test-key-changed';
    expect(
      (await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Erste Fassung' }, key)).status,
    ).toBe(201);
    const changed = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Zweite Fassung' }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('idempotency_key_reused');
    expect((await postBodies(admin)).some((body) => String(body).includes('Zweite Fassung'))).toBe(false);
  });

  it('keys belong to one person: another person with the same key acts for themselves', async () => {
    const member = await createMember(test, admin);
    const key = 'test-key-shared';
    const mine = await keyed(admin, '/api/v1/spaces', { name: 'Schlüssel A', visibility: 'public' }, key);
    const theirs = await keyed(
      member.client,
      '/api/v1/spaces',
      { name: 'Schlüssel A', visibility: 'public' },
      key,
    );
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a failed first attempt is not stored: fixing the request with the same key works', async () => {
    const key = 'test-key-failed-first';
    const failed = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: '' }, key);
    expect(failed.status).toBe(400);
    const fixed = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Jetzt mit Text' }, key);
    expect(fixed.status).toBe(201);
  });

  it('the answer is kept for 24 hours; after that the key acts anew', async () => {
    const key = 'test-key-expiry';
    const first = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Ablauf' }, key);
    test.clock.advance(DAY - 60_000);
    expect((await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Ablauf' }, key)).body.id).toBe(
      first.body.id,
    );
    test.clock.advance(2 * 60_000);
    const later = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'Ablauf' }, key);
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('refuses a malformed key with 400', async () => {
    const response = await keyed(admin, `/api/v1/spaces/${spaceId}/posts`, { body: 'x' }, 'kurz');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_idempotency_key');
  });
});
