import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

describe('personal access tokens', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('are shown once, stored hashed, and work as Bearer tokens within their scope', async () => {
    const member = await createMember(test, admin);
    const read = await member.client.post('/api/v1/tokens', { name: 'Dashboard', scope: 'read' });
    const write = await member.client.post('/api/v1/tokens', { name: 'Bot', scope: 'write' });
    expect(read.status).toBe(201);
    expect(read.body.token).toMatch(/^kt_[A-Za-z0-9_-]{40,}$/);

    const listed = (await member.client.get('/api/v1/tokens')).body.items;
    expect(listed.map((t: { name: string }) => t.name).sort()).toEqual(['Bot', 'Dashboard']);
    expect(JSON.stringify(listed)).not.toContain(read.body.token);
    const stored = await test.app.kantine.database.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.some((row) => row.token_hash.includes(read.body.token))).toBe(false);

    const reader = test.client().withToken(read.body.token);
    reader.origin = null;
    expect((await reader.get('/api/v1/me')).body.email).toBe(member.email);
    const denied = await reader.patch('/api/v1/me', { title: 'via token' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('insufficient_scope');

    const writer = test.client().withToken(write.body.token);
    writer.origin = null;
    expect((await writer.patch('/api/v1/me', { title: 'via token' })).body.title).toBe('via token');
    expect((await writer.post('/api/v1/tokens', { name: 'mint', scope: 'write' })).status).toBe(403);

    expect((await admin.delete(`/api/v1/tokens/${read.body.id}`)).status).toBe(404);
    expect((await member.client.delete(`/api/v1/tokens/${read.body.id}`)).status).toBe(204);
    expect((await reader.get('/api/v1/me')).status).toBe(401);
    expect((await test.client().withToken('kt_made_up').get('/api/v1/me')).status).toBe(401);
  });

  it('validates input', async () => {
    expect((await admin.post('/api/v1/tokens', { name: '', scope: 'read' })).status).toBe(400);
    expect((await admin.post('/api/v1/tokens', { name: 'x', scope: 'root' })).status).toBe(400);
    expect((await admin.post('/api/v1/tokens', { name: 'x'.repeat(101), scope: 'read' })).status).toBe(400);
    expect((await admin.get('/api/v1/tokens')).body.items).toHaveLength(0);
  });
});
