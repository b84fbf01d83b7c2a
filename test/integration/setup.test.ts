import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';

describe('first start and setup', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('answers health and reports that setup is needed', async () => {
    const client = test.client();
    expect((await client.get('/api/health')).body).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await client.get('/api/v1/setup')).body).toEqual({ required: true });
    expect((await client.get('/api/v1/organisation')).body).toMatchObject({ setupRequired: true });
  });

  it('refuses bad setup input with a clear 400 and changes nothing', async () => {
    const client = test.client();
    const cases = [
      { organisationName: 'X', name: 'A', email: 'not-an-email', password: 'long enough password' },
      { organisationName: 'X', name: 'A', email: 'a@example.com', password: 'short' },
      { organisationName: '', name: 'A', email: 'a@example.com', password: 'long enough password' },
      {
        organisationName: 'X',
        name: 'A',
        email: 'a@example.com',
        password: 'long enough password',
        extra: true,
      },
      {
        organisationName: 'X'.repeat(101),
        name: 'A',
        email: 'a@example.com',
        password: 'long enough password',
      },
    ];
    for (const body of cases) {
      const response = await client.post('/api/v1/setup', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.message).toMatch(/Invalid body/);
      expect(response.body.error.requestId).toBeTruthy();
    }
    const malformed = await client.request('POST', '/api/v1/setup', {
      json: '{"organisationName": ',
      headers: {},
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    expect((await client.get('/api/v1/setup')).body).toEqual({ required: true });
  });

  it('creates the organisation and logs the admin in, exactly once', async () => {
    const { admin, adminUser } = await setUpOrganisation(test);
    expect(adminUser).toMatchObject({
      name: 'Ada Admin',
      email: adminCredentials.email,
      role: 'admin',
      handle: 'ada.admin',
    });
    expect(admin.sessionCookie).toBeTruthy();
    expect((await admin.get('/api/v1/me')).body.email).toBe(adminCredentials.email);
    expect((await test.client().get('/api/v1/organisation')).body).toMatchObject({
      name: 'Testfirma GmbH',
      setupRequired: false,
    });

    const again = await test.client().post('/api/v1/setup', {
      organisationName: 'Evil',
      name: 'Eve',
      email: 'eve@example.com',
      password: 'long enough password',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
    const eve = await test
      .client()
      .post('/api/v1/session', { email: 'eve@example.com', password: 'long enough password' });
    expect(eve.status).toBe(401);
  });

  it('sets an httpOnly SameSite=Lax session cookie', async () => {
    const response = await test.client().post('/api/v1/session', adminCredentials);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kantine_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });
});

describe('setup with demo content', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('loads a believable demo company with departments and managers', async () => {
    const { admin } = await setUpOrganisation(test, { demo: true });
    const people = await admin.get('/api/v1/users?limit=100');
    expect(people.body.items.length).toBeGreaterThanOrEqual(40);
    const facets = (await admin.get('/api/v1/users/facets')).body;
    expect(facets.departments).toEqual(
      expect.arrayContaining(['Vertrieb', 'Marketing', 'Produktion', 'Personal', 'IT']),
    );
    const seller = people.body.items.find((p: { name: string }) => p.name === 'Sabine Krüger');
    const profile = (await admin.get(`/api/v1/users/${seller.id}`)).body;
    expect(profile.manager.name).toBe('Thomas Wegener');
    const head = (await admin.get(`/api/v1/users/${profile.manager.id}`)).body;
    expect(head.reports.map((r: { name: string }) => r.name)).toContain('Sabine Krüger');
  });

  it('has German company news: one must-read, two public articles with credited covers', async () => {
    const admin = test.client();
    await admin.post('/api/v1/session', { email: 'admin@example.com', password: 'correct horse battery' });
    const news = (await admin.get('/api/v1/articles')).body.items as Array<{
      title: string;
      mustRead: unknown;
      isPublic: boolean;
      cover: { rights: { creator: string } } | null;
      author: { name: string };
    }>;
    expect(news.length).toBeGreaterThanOrEqual(3);
    expect(news.filter((article) => article.mustRead !== null)).toHaveLength(1);
    const published = news.filter((article) => article.isPublic);
    expect(published).toHaveLength(2);
    for (const article of published) expect(article.cover?.rights.creator).toBe('Julia Brandt');
    expect(news[0].author.name).toBe('Julia Brandt');
    const newsroom = await test.client().get('/news');
    expect(newsroom.body).toContain('Hansen eröffnet Standort in Leipzig');
    expect(newsroom.body).not.toContain('Neue Regeln für mobiles Arbeiten');
    expect((await admin.get('/api/v1/articles/must-reads')).body.items[0].title).toBe(
      'Neue Regeln für mobiles Arbeiten ab Januar',
    );
  });
});
