import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed } from '../../src/server/lib/secret-box.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { Browser, OIDC_CLIENT, startOidcProvider, type TestAccount } from '../helpers/oidc.js';

describe('OpenID Connect login against a real provider', () => {
  let test: TestApp;
  let admin: TestClient;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  const accounts = new Map<string, TestAccount>();
  let host: string;
  let settings: Record<string, unknown>;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' } });
    ({ admin } = await setUpOrganisation(test));
    idp = await startOidcProvider(test.baseUrl, accounts);
    host = new URL(test.baseUrl).host;
    settings = {
      enabled: true,
      issuer: idp.issuer,
      clientId: OIDC_CLIENT.id,
      clientSecret: OIDC_CLIENT.secret,
      buttonLabel: 'Mit Firmenkonto anmelden',
      scopes: 'openid email profile groups',
      onlySso: false,
      groupsClaim: 'groups',
      departmentClaim: 'department',
      titleClaim: 'title',
      adminGroups: ['kantine-admins'],
      editorGroups: ['kantine-editors'],
      spaceMappings: [],
    };
  });
  afterAll(async () => {
    await test.close();
    await idp.close();
  });

  it('offers no SSO until an admin configures it, and refuses to start it', async () => {
    const providers = await test.client().get('/api/v1/auth/providers');
    expect(providers.body).toEqual({ password: true, onlySso: false, providers: [] });
    const start = await test.client().get('/auth/oidc/login');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/login?error=sso_not_configured');
  });

  it('keeps the settings for admins only and never shows the client secret back', async () => {
    const member = await createMember(test, admin);
    expect((await member.client.get('/api/v1/admin/identity/oidc')).status).toBe(403);
    expect((await member.client.put('/api/v1/admin/identity/oidc', settings)).status).toBe(403);
    const incomplete = await admin.put('/api/v1/admin/identity/oidc', { ...settings, clientId: '' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.code).toBe('oidc_incomplete');

    const saved = await admin.put('/api/v1/admin/identity/oidc', settings);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ issuer: idp.issuer, hasClientSecret: true, source: 'database' });
    expect(saved.body.redirectUri).toBe(`${test.baseUrl}/auth/oidc/callback`);
    const read = await admin.get('/api/v1/admin/identity/oidc');
    expect(JSON.stringify(read.body)).not.toContain(OIDC_CLIENT.secret);
    // Stored sealed with AES-256-GCM (lib/secret-box.ts), not in plain text.
    const stored = await test.app.kantine.database.db
      .selectFrom('identity_settings')
      .select('secret')
      .where('kind', '=', 'oidc')
      .executeTakeFirstOrThrow();
    expect(stored.secret && isSealed(stored.secret)).toBe(true);
    expect(stored.secret).not.toContain(OIDC_CLIENT.secret);
    // Leaving the secret out keeps it.
    const { clientSecret: _secret, ...withoutSecret } = settings;
    expect((await admin.put('/api/v1/admin/identity/oidc', withoutSecret)).body.hasClientSecret).toBe(true);

    const providers = await test.client().get('/api/v1/auth/providers');
    expect(providers.body.providers).toEqual([
      { id: 'oidc', kind: 'oidc', label: 'Mit Firmenkonto anmelden', loginUrl: '/auth/oidc/login' },
    ]);
  });

  it('sends the browser to the provider with PKCE, state and nonce; only relative returnTo survives', async () => {
    const browser = new Browser();
    const start = await browser.fetch(`${test.baseUrl}/auth/oidc/login?returnTo=//evil.example/x`);
    expect(start.status).toBe(302);
    const target = new URL(start.headers.get('location')!);
    expect(target.origin).toBe(idp.issuer);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(target.searchParams.get('state')).toBeTruthy();
    expect(target.searchParams.get('nonce')).toBeTruthy();
    expect(target.searchParams.get('redirect_uri')).toBe(`${test.baseUrl}/auth/oidc/callback`);
    const row = await test.app.kantine.database.db.selectFrom('oidc_logins').selectAll().executeTakeFirst();
    expect(row?.return_to).toBe('/');
    expect(row?.state_hash).not.toBe(target.searchParams.get('state'));
  });

  it('creates a person just in time from the claims, with the role and spaces the groups map to', async () => {
    const space = await admin.post('/api/v1/spaces', { name: 'Produktion', visibility: 'private' });
    expect(space.status).toBe(201);
    const unmapped = await admin.post('/api/v1/spaces', { name: 'Geheim', visibility: 'secret' });
    await admin.put('/api/v1/admin/identity/oidc', {
      ...settings,
      spaceMappings: [{ group: 'produktion', spaceId: space.body.id }],
    });
    // The provider's picture claim points at a photo server; the first login takes it as avatar.
    const photo = await sharp({
      create: { width: 300, height: 200, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    const photoServer = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(photo);
    });
    await new Promise<void>((resolve) => photoServer.listen(0, '127.0.0.1', resolve));
    const photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/lena.png`;
    accounts.set('lena', {
      sub: 'lena',
      email: 'lena.sso@example.com',
      email_verified: true,
      name: 'Lena Lorenz',
      picture: photoUrl,
      department: 'Produktion',
      title: 'Schichtleiterin',
      groups: ['produktion', 'kantine-editors', 'Geheim'],
    });
    const browser = new Browser();
    const done = await browser.ssoLogin(test.baseUrl, 'lena', '/spaces');
    expect(new URL(done.url).pathname).toBe('/spaces');
    const session = browser.cookie(host, 'kantine_session');
    expect(session).toBeTruthy();
    const me = await browser.fetch(`${test.baseUrl}/api/v1/me`);
    const body = await me.json();
    expect(body).toMatchObject({
      name: 'Lena Lorenz',
      email: 'lena.sso@example.com',
      department: 'Produktion',
      title: 'Schichtleiterin',
      role: 'editor',
    });
    expect(body.avatarUrl).toEqual(expect.any(String));
    const avatar = await browser.fetch(`${test.baseUrl}${body.avatarUrl}`);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toContain('image/webp');
    photoServer.close();
    const spaces = await (await browser.fetch(`${test.baseUrl}/api/v1/spaces?mine=true`)).json();
    const names = spaces.items.map((item: { name: string }) => item.name);
    expect(names).toContain('Produktion');
    // A group named like a space grants nothing the mapping does not say.
    expect(names).not.toContain('Geheim');
    expect(unmapped.status).toBe(201);

    // The second login finds the same person through the link, not a new account.
    const again = new Browser();
    await again.ssoLogin(test.baseUrl, 'lena');
    const meAgain = await (await again.fetch(`${test.baseUrl}/api/v1/me`)).json();
    expect(meAgain.id).toBe(body.id);
  });

  it('links an existing account only by a verified e-mail address', async () => {
    const existing = await createMember(test, admin, { email: 'max@example.com', name: 'Max Mustermann' });
    accounts.set('max-unverified', {
      sub: 'max-unverified',
      email: 'max@example.com',
      email_verified: false,
      name: 'Fake Max',
    });
    const attacker = new Browser();
    const refused = await attacker.ssoLogin(test.baseUrl, 'max-unverified');
    expect(new URL(refused.url).pathname).toBe('/login');
    expect(new URL(refused.url).searchParams.get('error')).toBe('sso_email_unverified');
    expect(attacker.cookie(host, 'kantine_session')).toBeUndefined();

    accounts.set('max', { sub: 'max', email: 'MAX@example.com', email_verified: true, name: 'Max M.' });
    const browser = new Browser();
    await browser.ssoLogin(test.baseUrl, 'max');
    const me = await (await browser.fetch(`${test.baseUrl}/api/v1/me`)).json();
    expect(me.id).toBe(existing.user.id);
    expect(me.name).toBe('Max Mustermann');
  });

  it('refuses deactivated people and a callback without the matching state cookie', async () => {
    accounts.set('gone', {
      sub: 'gone',
      email: 'gone@example.com',
      email_verified: true,
      name: 'Gone Person',
    });
    const first = new Browser();
    await first.ssoLogin(test.baseUrl, 'gone');
    const me = await (await first.fetch(`${test.baseUrl}/api/v1/me`)).json();
    expect((await admin.post(`/api/v1/users/${me.id}/deactivate`)).status).toBe(200);
    expect((await first.fetch(`${test.baseUrl}/api/v1/me`)).status).toBe(401);
    const second = new Browser();
    const refused = await second.ssoLogin(test.baseUrl, 'gone');
    expect(new URL(refused.url).searchParams.get('error')).toBe('account_deactivated');
    expect(second.cookie(host, 'kantine_session')).toBeUndefined();

    // Login CSRF: a callback URL started in another browser does not log this one in.
    const victim = new Browser();
    const start = await victim.fetch(`${test.baseUrl}/auth/oidc/login`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const forged = await new Browser().fetch(`${test.baseUrl}/auth/oidc/callback?code=abc&state=${state}`);
    expect(forged.headers.get('location')).toBe('/login?error=sso_failed');
  });

  it('applies the admin group, and "only SSO" stops password logins of people with SSO', async () => {
    accounts.set('ida', {
      sub: 'ida',
      email: 'ida@example.com',
      email_verified: true,
      name: 'Ida Admin',
      groups: ['kantine-admins'],
    });
    const browser = new Browser();
    await browser.ssoLogin(test.baseUrl, 'ida');
    expect((await (await browser.fetch(`${test.baseUrl}/api/v1/me`)).json()).role).toBe('admin');

    const member = await createMember(test, admin, { email: 'pw@example.com' });
    await admin.put('/api/v1/admin/identity/oidc', { ...settings, onlySso: true });
    expect((await test.client().get('/api/v1/auth/providers')).body).toMatchObject({
      password: false,
      onlySso: true,
    });
    const refused = await test
      .client()
      .post('/api/v1/session', { email: member.email, password: member.password });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('sso_only');
    // Administrators keep password login for emergencies.
    const adminLogin = await test
      .client()
      .post('/api/v1/session', { email: 'admin@example.com', password: 'correct horse battery' });
    expect(adminLogin.status).toBe(200);
    await admin.put('/api/v1/admin/identity/oidc', settings);
  });

  it('logs out of Kantine and names the provider’s end-session page (RP-initiated logout)', async () => {
    const browser = new Browser();
    await browser.ssoLogin(test.baseUrl, 'lena');
    const out = await browser.fetch(`${test.baseUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { origin: test.baseUrl },
    });
    expect(out.status).toBe(200);
    const { redirectUrl } = await out.json();
    const endSession = new URL(redirectUrl);
    expect(endSession.origin).toBe(idp.issuer);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${test.baseUrl}/login`);
    expect((await browser.fetch(`${test.baseUrl}/api/v1/me`)).status).toBe(401);
    const page = await browser.fetch(redirectUrl);
    expect(page.status).toBe(200);
  });
});
