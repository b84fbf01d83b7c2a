import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

type Person = { client: TestClient; user: { id: number } };

describe('social desk: the guidelines as a must-read for everyone with the social-media right', () => {
  let test: TestApp;
  let admin: TestClient;
  let sonja: Person;
  let carla: Person;
  let member: Person;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    sonja = await createMember(test, admin, { name: 'Sonja Social' });
    carla = await createMember(test, admin, { name: 'Carla Kollegin' });
    member = await createMember(test, admin, { name: 'Nora Normal' });
    expect((await admin.patch(`/api/v1/admin/users/${sonja.user.id}`, { socialMedia: true })).status).toBe(
      200,
    );
  });
  afterAll(() => test?.close());

  const notificationsOf = async (person: Person) =>
    (await person.client.get('/api/v1/notifications')).body.items.filter(
      (item: { type: string }) => item.type === 'social_guidelines',
    );

  /** A channel post without an open API (LinkedIn): publishing it is recording the link. */
  async function linkedinPost(person: Person) {
    const created = await person.client.post('/api/v1/social/posts', {
      channel: 'linkedin',
      text: 'Wir stellen ein: Ausbildung 2027.',
    });
    expect(created.status).toBe(201);
    return created.body.id as number;
  }

  it('without guidelines nothing is asked, and only the desk reads or writes them', async () => {
    expect((await sonja.client.get('/api/v1/social/guidelines')).body).toEqual({
      guidelines: null,
      confirmedAt: null,
    });
    expect((await sonja.client.get('/api/v1/social/guidelines/confirmations')).body).toEqual({
      version: null,
      deskCount: 0,
      confirmedCount: 0,
      notConfirmed: [],
    });
    expect((await member.client.get('/api/v1/social/guidelines')).status).toBe(403);
    const refused = await member.client.put('/api/v1/social/guidelines', { title: 'X', body: 'Y' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_social_desk');
    expect((await admin.put('/api/v1/social/guidelines', { title: 'Leer', body: '   ' })).status).toBe(400);
    expect((await admin.put('/api/v1/social/guidelines', { title: 'T', body: 'B', extra: 1 })).status).toBe(
      400,
    );
    expect(await test.app.kantine.database.db.selectFrom('social_guidelines').selectAll().execute()).toEqual(
      [],
    );
    // Nothing to confirm yet: publishing is not held up.
    const post = await linkedinPost(sonja);
    const published = await sonja.client.post(`/api/v1/social/posts/${post}/mark-published`, {
      url: 'https://www.linkedin.com/feed/update/1',
    });
    expect(published.status).toBe(200);
  });

  it('asks everyone with the right to confirm, refuses their publishing until then, and shows the desk who is missing', async () => {
    const saved = await admin.put('/api/v1/social/guidelines', {
      title: 'Unsere Social-Media-Richtlinien',
      body: 'Wir posten freundlich.\nKeine Kundendaten.',
    });
    expect(saved.status).toBe(200);
    const version = saved.body.guidelines.id;
    expect(saved.body).toMatchObject({
      guidelines: { title: 'Unsere Social-Media-Richtlinien', author: { name: 'Ada Admin' } },
      confirmedAt: expect.any(String), // its author has read it
    });
    await drainOutbox(test);
    const [asked] = await notificationsOf(sonja);
    expect(asked).toMatchObject({ type: 'social_guidelines', url: '/social/guidelines', read: false });
    expect(await notificationsOf(member)).toEqual([]);
    expect(await notificationsOf({ client: admin, user: { id: 0 } })).toEqual([]);

    // Sonja has not confirmed: publishing, scheduling and recording by hand are refused, nothing changes.
    const post = await linkedinPost(sonja);
    const refused = await sonja.client.post(`/api/v1/social/posts/${post}/mark-published`, {
      url: 'https://www.linkedin.com/feed/update/2',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('guidelines_unconfirmed');
    expect((await sonja.client.post(`/api/v1/social/posts/${post}/publish`)).body.error.code).toBe(
      'guidelines_unconfirmed',
    );
    const later = new Date(test.clock.now().getTime() + 86_400_000).toISOString();
    expect((await sonja.client.patch(`/api/v1/social/posts/${post}`, { scheduledAt: later })).status).toBe(
      403,
    );
    expect((await sonja.client.get(`/api/v1/social/posts/${post}`)).body).toMatchObject({
      state: 'draft',
      scheduledAt: null,
      externalUrl: null,
    });

    const report = (await admin.get('/api/v1/social/guidelines/confirmations')).body;
    expect(report).toMatchObject({ version, deskCount: 2, confirmedCount: 1 });
    expect(report.notConfirmed.map((person: { name: string }) => person.name)).toEqual(['Sonja Social']);

    // An older version cannot be confirmed; the current one can, once.
    const stale = await sonja.client.post('/api/v1/social/guidelines/confirm', { version: version + 100 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('guidelines_outdated');
    expect((await sonja.client.post('/api/v1/social/guidelines/confirm', { version: 'x' })).status).toBe(400);
    const confirmed = await sonja.client.post('/api/v1/social/guidelines/confirm', { version });
    expect(confirmed.status).toBe(200);
    const at = confirmed.body.confirmedAt;
    expect(at).toEqual(expect.any(String));
    test.clock.advance(60_000);
    expect((await sonja.client.post('/api/v1/social/guidelines/confirm', { version })).body.confirmedAt).toBe(
      at,
    );
    expect((await member.client.post('/api/v1/social/guidelines/confirm', { version })).status).toBe(403);

    const published = await sonja.client.post(`/api/v1/social/posts/${post}/mark-published`, {
      url: 'https://www.linkedin.com/feed/update/2',
    });
    expect(published.status).toBe(200);
    expect((await admin.get('/api/v1/social/guidelines/confirmations')).body).toMatchObject({
      deskCount: 2,
      confirmedCount: 2,
      notConfirmed: [],
    });
  });

  it('asks a person given the right, and asks everyone again for a new version', async () => {
    expect((await admin.patch(`/api/v1/admin/users/${carla.user.id}`, { socialMedia: true })).status).toBe(
      200,
    );
    await drainOutbox(test);
    expect(await notificationsOf(carla)).toHaveLength(1);
    expect((await carla.client.get('/api/v1/social/guidelines')).body.confirmedAt).toBeNull();
    // Giving the right again (already given) asks nobody a second time.
    await admin.patch(`/api/v1/admin/users/${carla.user.id}`, { socialMedia: true });
    await drainOutbox(test);
    expect(await notificationsOf(carla)).toHaveLength(1);

    const second = await admin.put('/api/v1/social/guidelines', {
      title: 'Unsere Social-Media-Richtlinien',
      body: 'Wir posten freundlich.\nKeine Kundendaten.\nNeu: keine Fotos aus der Produktion.',
    });
    expect(second.status).toBe(200);
    await drainOutbox(test);
    expect(await notificationsOf(sonja)).toHaveLength(2);
    expect((await sonja.client.get('/api/v1/social/guidelines')).body).toMatchObject({
      guidelines: { id: second.body.guidelines.id },
      confirmedAt: null,
    });
    const report = (await admin.get('/api/v1/social/guidelines/confirmations')).body;
    expect(report.notConfirmed.map((person: { name: string }) => person.name)).toEqual([
      'Carla Kollegin',
      'Sonja Social',
    ]);
    const post = await linkedinPost(sonja);
    expect(
      (
        await sonja.client.post(`/api/v1/social/posts/${post}/mark-published`, {
          url: 'https://www.linkedin.com/feed/update/3',
        })
      ).body.error.code,
    ).toBe('guidelines_unconfirmed');

    // Taking the right away takes the person off the list.
    expect((await admin.patch(`/api/v1/admin/users/${carla.user.id}`, { socialMedia: false })).status).toBe(
      200,
    );
    expect(
      (await admin.get('/api/v1/social/guidelines/confirmations')).body.notConfirmed.map(
        (person: { name: string }) => person.name,
      ),
    ).toEqual(['Sonja Social']);
  });
});
