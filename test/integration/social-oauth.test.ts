import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { startMastodon } from '../helpers/mastodon.js';

const CALLBACK = '/api/v1/social/accounts/mastodon/callback';

describe('social desk: connecting Mastodon by OAuth app registration', () => {
  let test: TestApp;
  let admin: TestClient;
  let mastodon: Awaited<ReturnType<typeof startMastodon>>;

  beforeAll(async () => {
    [test, mastodon] = await Promise.all([
      startTestApp({
        env: {
          KANTINE_SCHEDULER_SECONDS: '0',
          KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true',
          KANTINE_SECRET_KEY: 'b'.repeat(64),
        },
      }),
      startMastodon('pasted-token-not-used-here'),
    ]);
    ({ admin } = await setUpOrganisation(test));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([test?.close(), mastodon?.close()]);
  });

  /** What the browser does: open the instance's page, which (auto-approving) sends it back to Kantine. */
  async function authorise(authorizeUrl: string) {
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(`${test.baseUrl}${CALLBACK}`);
    return `${back.pathname}${back.search}`;
  }

  it('registers an app once, sends the browser to the instance and stores the token sealed', async () => {
    const started = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: `${mastodon.url}/some/path`,
    });
    expect(started.status).toBe(200);
    const authorizeUrl = new URL(started.body.authorizeUrl);
    expect(authorizeUrl.origin).toBe(mastodon.url);
    expect(authorizeUrl.pathname).toBe('/oauth/authorize');
    expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizeUrl.searchParams.get('scope')).toBe('write:statuses write:media read:accounts');
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(mastodon.apps).toEqual([
      expect.objectContaining({
        clientName: 'Kantine – Testfirma GmbH',
        redirectUri: `${test.baseUrl}${CALLBACK}`,
        scopes: 'write:statuses write:media read:accounts',
      }),
    ]);
    const secret = mastodon.apps[0].clientSecret;
    const storedApp = await test.app.kantine.database.db
      .selectFrom('social_oauth_apps')
      .selectAll()
      .execute();
    expect(storedApp).toHaveLength(1);
    expect(storedApp[0].client_secret).toMatch(/^v1\./);
    expect(storedApp[0].client_secret).not.toContain(secret);

    const callback = await authorise(started.body.authorizeUrl);
    const done = await admin.get(callback);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/social?mastodon=connected');
    expect(mastodon.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: mastodon.apps[0].clientId,
      client_secret: secret,
      redirect_uri: `${test.baseUrl}${CALLBACK}`,
    });

    const listed = await admin.get('/api/v1/social/accounts');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ network: 'mastodon', name: expect.stringMatching(/^@firma@127\.0\.0\.1:/) }),
    ]);
    const [token] = [...mastodon.issued];
    expect(token).toBeTruthy();
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const stored = await test.app.kantine.database.db.selectFrom('social_accounts').selectAll().execute();
    expect(stored[0].credentials).toMatch(/^v1\./);
    expect(stored[0].credentials).not.toContain(token);

    // The state was used: the same answer again is refused, nothing more is stored.
    const again = await admin.get(callback);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('oauth_state_invalid');
    expect((await admin.get('/api/v1/social/accounts')).body.items).toHaveLength(1);
  });

  it('refuses a wrong, foreign or expired state and reports a refusal on the instance', async () => {
    const wrong = await admin.get(`${CALLBACK}?code=anything&state=not-a-state-we-made`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('oauth_state_invalid');
    expect((await admin.get(`${CALLBACK}?code=anything`)).status).toBe(400);

    // Another desk person cannot finish what the admin started (the state is bound to the person).
    const colleague = await createMember(test, admin, { name: 'Sina Social' });
    expect(
      (await admin.patch(`/api/v1/admin/users/${colleague.user.id}`, { socialMedia: true })).status,
    ).toBe(200);
    const started = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
    });
    expect(mastodon.apps).toHaveLength(1); // the registered app is reused
    const callback = await authorise(started.body.authorizeUrl);
    const foreign = await colleague.client.get(callback);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('oauth_state_invalid');
    expect((await admin.get(callback)).status).toBe(400); // spent by the refused attempt

    // Expired after ten minutes.
    const late = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
    });
    const lateCallback = await authorise(late.body.authorizeUrl);
    test.clock.advance(11 * 60_000);
    expect((await admin.get(lateCallback)).status).toBe(400);

    // The person said no on the instance: back to the desk with that outcome, nothing stored.
    const denied = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
    });
    const state = new URL(denied.body.authorizeUrl).searchParams.get('state');
    const answer = await admin.get(`${CALLBACK}?error=access_denied&state=${state}`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/social?mastodon=denied');

    // A code the instance does not know: the exchange fails, the desk is told, nothing stored.
    const bad = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
    });
    const badState = new URL(bad.body.authorizeUrl).searchParams.get('state');
    const failed = await admin.get(`${CALLBACK}?code=forged&state=${badState}`);
    expect(failed.headers.get('location')).toBe('/social?mastodon=failed');
    expect((await admin.get('/api/v1/social/accounts')).body.items).toHaveLength(1);
  });

  it('is only for the desk, and bad input changes nothing', async () => {
    const member = await createMember(test, admin, { name: 'Nora Normal' });
    const refused = await member.client.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
    });
    expect(refused.status).toBe(403);
    expect((await member.client.get(`${CALLBACK}?code=x&state=y`)).status).toBe(403);
    const notUrl = await admin.post('/api/v1/social/accounts', { network: 'mastodon', instanceUrl: 'nope' });
    expect(notUrl.status).toBe(400);
    const noInstance = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: 'http://127.0.0.1:1',
    });
    expect(noInstance.status).toBe(400);
    expect(noInstance.body.error.code).toBe('social_account_failed');
    expect(mastodon.apps).toHaveLength(1);
    expect(
      await test.app.kantine.database.db.selectFrom('social_oauth_apps').selectAll().execute(),
    ).toHaveLength(1);
  });
});
