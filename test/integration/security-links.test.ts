import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { goodRights, uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { firstLink } from '../helpers/mail.js';

const evil = { host: 'evil.example' };

/** Issue 11, security 2: absolute links never come from the request's Host header. */
describe('absolute links', () => {
  let test: TestApp;
  let admin: TestClient;
  let member: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    member = await createMember(test, admin, { role: 'editor' });
    const cover = await uploadImage(member.client, goodRights);
    const article = await member.client.post('/api/v1/articles', {
      title: 'Links bleiben bei uns',
      teaser: 'Ein Test',
      body: 'Text',
      coverImageId: cover,
      isPublic: true,
    });
    await member.client.post(`/api/v1/articles/${article.body.id}/publish`, {});
  });
  afterAll(() => test.close());

  it('stores the address used at setup and shows it to admins', async () => {
    const organisation = await admin.get('/api/v1/organisation');
    expect(organisation.body.publicUrl).toBe(test.baseUrl);
    expect(organisation.body.publicUrlFromEnvironment).toBe(false);
  });

  it('mails password-reset links to the stored address whatever Host the request names', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/password-reset',
      headers: evil,
      payload: { email: member.email },
    });
    expect(response.statusCode).toBe(202);
    const link = firstLink(await test.mailbox.waitFor(member.email, 'reset-password'));
    expect(link.startsWith(`${test.baseUrl}/reset-password?token=`)).toBe(true);
  });

  it('builds invitation links on the stored address', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { ...evil, origin: 'http://evil.example', cookie: `kantine_session=${admin.sessionCookie}` },
      payload: { email: 'neu@example.com', role: 'member' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().url.startsWith(`${test.baseUrl}/invite/`)).toBe(true);
  });

  it('never puts the Host header into the newsroom, its feeds or the sitemap', async () => {
    for (const url of [
      '/news',
      '/news/feed.xml',
      '/news/atom.xml',
      '/sitemap.xml',
      '/news/links-bleiben-bei-uns',
    ]) {
      const response = await test.app.inject({ method: 'GET', url, headers: evil });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('evil.example');
      expect(response.body, url).toContain(test.baseUrl);
    }
  });

  it('lets admins change the address, and uses the new one', async () => {
    const refused = await member.client.patch('/api/v1/organisation', { publicUrl: 'https://x.example' });
    expect(refused.status).toBe(403);
    const bad = await admin.patch('/api/v1/organisation', { publicUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    const changed = await admin.patch('/api/v1/organisation', { publicUrl: 'https://intranet.example.com/' });
    expect(changed.status).toBe(200);
    expect(changed.body.publicUrl).toBe('https://intranet.example.com');
    const page = await test.app.inject({ method: 'GET', url: '/news', headers: evil });
    expect(page.body).toContain('https://intranet.example.com/news');
  });
});

describe('absolute links with KANTINE_PUBLIC_URL', () => {
  let test: TestApp;
  afterEach(() => test.close());

  it('uses the configured address and does not let admins override it', async () => {
    test = await startTestApp({ env: { KANTINE_PUBLIC_URL: 'https://kantine.example.org' } });
    const { admin } = await setUpOrganisation(test);
    expect((await admin.get('/api/v1/organisation')).body).toMatchObject({
      publicUrl: 'https://kantine.example.org',
      publicUrlFromEnvironment: true,
    });
    const refused = await admin.patch('/api/v1/organisation', { publicUrl: 'https://other.example' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('public_url_fixed');
    const page = await test.app.inject({ method: 'GET', url: '/news', headers: evil });
    expect(page.body).toContain('https://kantine.example.org/news');
    expect(page.body).not.toContain('evil.example');
  });
});
