import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed } from '../../src/server/lib/secret-box.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace, post } from '../helpers/stream.js';
import { startReceiver, verifySignature } from '../helpers/webhooks.js';

describe('outgoing webhooks', () => {
  let test: TestApp;
  let admin: TestClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    test = await startTestApp({
      env: {
        KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true',
        // 5 s, 15 s, 45 s … become 50 ms, 150 ms, 450 ms …
        KANTINE_OUTBOX_RETRY_SCALE: '0.01',
        KANTINE_OUTBOX_MAX_ATTEMPTS: '5',
      },
    });
    ({ admin } = await setUpOrganisation(test));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await test.close();
  });

  it('lets only admins manage webhooks, validates them, shows the secret once', async () => {
    const { client: member } = await createMember(test, admin);
    expect((await member.get('/api/v1/admin/webhooks')).status).toBe(403);
    expect((await member.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['*'] })).status).toBe(
      403,
    );
    const bad = await admin.post('/api/v1/admin/webhooks', {
      url: receiver.url,
      events: ['content.exploded'],
    });
    expect(bad.status).toBe(400);
    expect((await admin.post('/api/v1/admin/webhooks', { url: receiver.url, events: [] })).status).toBe(400);
    const ftp = await admin.post('/api/v1/admin/webhooks', { url: 'ftp://example.com/x', events: ['*'] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.code).toBe('invalid_webhook_url');
    expect((await admin.get('/api/v1/admin/webhooks')).body.items).toEqual([]);

    const created = await admin.post('/api/v1/admin/webhooks', {
      url: receiver.url,
      events: ['content.created', 'comment.created'],
      description: 'Chat-Brücke',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await admin.get('/api/v1/admin/webhooks');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      url: receiver.url,
      description: 'Chat-Brücke',
      active: true,
    });
    expect(listed.body.items[0].secret).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const changed = await admin.patch(`/api/v1/admin/webhooks/${created.body.id}`, { active: false });
    expect(changed.body.active).toBe(false);
    expect((await admin.delete(`/api/v1/admin/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/webhooks/${created.body.id}/deliveries`)).status).toBe(404);
  });

  it('delivers signed events, retries a failing receiver with the same event id, never leaks secret spaces', async () => {
    const created = await admin.post('/api/v1/admin/webhooks', {
      url: receiver.url,
      events: ['content.created', 'space.created'],
    });
    const secret: string = created.body.secret;
    const { client: member } = await createMember(test, admin);
    const space = await createSpace(member, { name: 'Offen für alle' });
    const item = await post(member, space.id, 'Hallo Webhook');
    const deliveries = await receiver.waitFor(2);
    const spaceEvent = deliveries.find((d) => d.body.type === 'space.created');
    const contentEvent = deliveries.find((d) => d.body.type === 'content.created');
    expect(spaceEvent?.body.data).toMatchObject({ spaceId: space.id, name: 'Offen für alle' });
    expect(contentEvent?.body.data).toMatchObject({ contentId: item.id, spaceId: space.id, kind: 'post' });
    expect(typeof contentEvent?.body.id).toBe('number');
    expect(contentEvent?.body.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const delivery of deliveries) {
      expect(verifySignature(secret, delivery.headers['kantine-signature'] as string, delivery.raw)).toBe(
        true,
      );
      expect(
        verifySignature('whsec_wrong', delivery.headers['kantine-signature'] as string, delivery.raw),
      ).toBe(false);
    }

    // 500 three times, then 200: delivered on the fourth attempt, always as the same event.
    receiver.received.length = 0;
    receiver.answer(500, 500, 500);
    const second = await post(member, space.id, 'Zweiter Versuch');
    const attempts = await receiver.waitFor(4);
    expect(attempts.map((d) => d.body.data.contentId)).toEqual([second.id, second.id, second.id, second.id]);
    expect(new Set(attempts.map((d) => d.body.id)).size).toBe(1);
    await drainOutbox(test);
    const log = await admin.get(`/api/v1/admin/webhooks/${created.body.id}/deliveries?limit=4`);
    expect(
      log.body.items.map((d: { attempt: number; statusCode: number }) => [d.attempt, d.statusCode]),
    ).toEqual([
      [4, 200],
      [3, 500],
      [2, 500],
      [1, 500],
    ]);
    expect(log.body.items[0].eventId).toBe(attempts[0].body.id);
    expect(log.body.nextCursor).not.toBeNull();
    const older = await admin.get(
      `/api/v1/admin/webhooks/${created.body.id}/deliveries?cursor=${log.body.nextCursor}`,
    );
    expect(older.body.items.length).toBeGreaterThan(0);

    // A secret space the admin is not in: neither its creation nor its posts reach the admin's webhook.
    receiver.received.length = 0;
    const secretSpace = await createSpace(member, { name: 'Geheimprojekt', visibility: 'secret' });
    await post(member, secretSpace.id, 'Streng vertraulich');
    await post(member, space.id, 'Wieder öffentlich');
    await receiver.waitFor(1);
    await drainOutbox(test);
    expect(receiver.received.map((d) => d.body.data.spaceId)).toEqual([space.id]);
    expect(JSON.stringify(receiver.received)).not.toContain('Geheim');
    await admin.delete(`/api/v1/admin/webhooks/${created.body.id}`);
  });

  it('ends in the dead letters after the last attempt; an admin retries it from there', async () => {
    const created = await admin.post('/api/v1/admin/webhooks', {
      url: receiver.url,
      events: ['comment.created'],
    });
    const { client: member } = await createMember(test, admin);
    const space = await createSpace(member);
    const item = await post(member, space.id, 'Kommentiert mich');
    receiver.received.length = 0;
    receiver.answer(500, 500, 500, 500, 500);
    expect((await member.post(`/api/v1/content/${item.id}/comments`, { body: 'Erster!' })).status).toBe(201);
    await receiver.waitFor(5);
    await drainOutbox(test);
    const failed = await admin.get('/api/v1/admin/outbox?state=failed');
    expect(failed.status).toBe(200);
    const dead = failed.body.items.find((e: { type: string }) => e.type === 'webhook.delivery');
    expect(dead).toMatchObject({ state: 'failed', attempts: 5 });
    expect(dead.lastError).toContain('500');
    expect((await member.get('/api/v1/admin/outbox?state=failed')).status).toBe(403);
    expect((await admin.get('/api/v1/admin/outbox?state=exploded')).status).toBe(400);

    const retried = await admin.post(`/api/v1/admin/outbox/${dead.id}/retry`);
    expect(retried.body).toMatchObject({ state: 'pending', attempts: 0 });
    await receiver.waitFor(6);
    await drainOutbox(test);
    expect(receiver.received.at(-1)?.body.type).toBe('comment.created');
    expect((await admin.post(`/api/v1/admin/outbox/${dead.id}/retry`)).body.error.code).toBe(
      'outbox_not_failed',
    );
    expect((await admin.post('/api/v1/admin/outbox/999999/retry')).status).toBe(404);
    expect(
      (await admin.get('/api/v1/admin/outbox?state=failed')).body.items.map((e: { id: number }) => e.id),
    ).not.toContain(dead.id);
    expect((await admin.delete(`/api/v1/admin/webhooks/${created.body.id}`)).status).toBe(204);
  });

  it('stores the signing secret sealed, not as it was shown', async () => {
    const created = await admin.post('/api/v1/admin/webhooks', {
      url: receiver.url,
      events: ['space.created'],
    });
    expect(created.status).toBe(201);
    const stored = await test.app.kantine.database.db
      .selectFrom('webhooks')
      .select('secret')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(isSealed(stored.secret)).toBe(true);
    expect(stored.secret).not.toContain(created.body.secret.slice('whsec_'.length));
    await admin.delete(`/api/v1/admin/webhooks/${created.body.id}`);
  });
});

describe('outgoing calls to private networks', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('refuses webhooks to loopback, private and link-local addresses unless allowed', async () => {
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://192.168.0.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
    ]) {
      const response = await admin.post('/api/v1/admin/webhooks', { url, events: ['*'] });
      expect(response.status, url).toBe(400);
      expect(response.body.error.code).toBe('invalid_webhook_url');
    }
    expect((await admin.get('/api/v1/admin/webhooks')).body.items).toEqual([]);
  });
});
