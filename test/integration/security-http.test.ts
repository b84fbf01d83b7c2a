import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  adminCredentials,
  createMember,
  setUpOrganisation,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive } from '../helpers/live.js';

const evilOrigin = 'https://evil.example';

/** Opens the live socket with the given headers and says whether the server accepted it. */
function upgrade(baseUrl: string, path: string, headers: Record<string, string>, origin?: string) {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, {
      headers,
      ...(origin ? { origin } : {}),
    });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

/** Issue 11, security 4: login CSRF — Origin is checked where a browser could be logged in by someone else. */
describe('cross-site requests that log a browser in', () => {
  let test: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('refuses setup from a foreign Origin, and changes nothing', async () => {
    const foreign = test.client();
    foreign.origin = evilOrigin;
    const refused = await foreign.post('/api/v1/setup', {
      organisationName: 'Böse GmbH',
      name: 'Mallory',
      email: 'mallory@example.com',
      password: 'a long evil password',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf');
    expect((await test.client().get('/api/v1/setup')).body.required).toBe(true);
    ({ admin } = await setUpOrganisation(test));
  });

  it('refuses a login from a foreign Origin, without a session; scripts without Origin still log in', async () => {
    const foreign = test.client();
    foreign.origin = evilOrigin;
    const refused = await foreign.post('/api/v1/session', adminCredentials);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf');
    expect(refused.headers.getSetCookie()).toEqual([]);
    const viaReferer = test.client();
    viaReferer.origin = null;
    const refusedByReferer = await viaReferer.request('POST', '/api/v1/session', {
      json: adminCredentials,
      headers: { referer: `${evilOrigin}/login-form.html` },
    });
    expect(refusedByReferer.status).toBe(403);
    const script = test.client();
    script.origin = null;
    expect((await script.post('/api/v1/session', adminCredentials)).status).toBe(200);
    expect((await test.client().post('/api/v1/session', adminCredentials)).status).toBe(200);
  });

  it('refuses accepting an invitation from a foreign Origin; the invitation stays usable', async () => {
    const invitation = await admin.post('/api/v1/invitations', { email: 'neu@example.com', role: 'member' });
    const token = invitation.body.url.split('/invite/')[1];
    const foreign = test.client();
    foreign.origin = evilOrigin;
    const body = { name: 'Neu Ling', password: 'a good long password' };
    const refused = await foreign.post(`/api/v1/invitations/${token}/accept`, body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf');
    expect((await test.client().post(`/api/v1/invitations/${token}/accept`, body)).status).toBe(201);
  });

  it('refuses the WebSocket upgrade from a foreign Origin even with a valid cookie', async () => {
    const member = await createMember(test, admin);
    const cookie = { cookie: `kantine_session=${member.client.sessionCookie}` };
    expect(await upgrade(test.baseUrl, '/api/v1/live', cookie, evilOrigin)).toBe(403);
    expect(await upgrade(test.baseUrl, '/api/v1/live', cookie, test.baseUrl)).toBe(101);
    // A script with a token and no Origin keeps working.
    const token = (await member.client.post('/api/v1/tokens', { name: 'Bot', scope: 'read' })).body.token;
    const live = await connectLive(test.client().withToken(token));
    expect(live.messages[0].type).toBe('hello');
    live.close();
    expect(await upgrade(test.baseUrl, `/api/v1/live?token=${token}`, {})).toBe(101);
  });
});

/** Issue 11, security 6: guessing is slowed per account and source, the owner elsewhere is not locked out. */
describe('login throttling per account and source address', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_TRUST_PROXY: 'true' } });
    await setUpOrganisation(test);
  });
  afterAll(() => test.close());

  const attempt = (password: string, address: string) =>
    test.client().request('POST', '/api/v1/session', {
      json: { email: adminCredentials.email, password },
      headers: { 'x-forwarded-for': address },
    });

  it('answers the guesser 429 with Retry-After while the owner from another address logs in', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('wrong guess!!', '203.0.113.66')).status).toBe(401);
    const blocked = await attempt(adminCredentials.password, '203.0.113.66');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await attempt(adminCredentials.password, '198.51.100.20')).status).toBe(200);
    // The guesser is still refused.
    expect((await attempt(adminCredentials.password, '203.0.113.66')).status).toBe(429);
  });
});

/** Issue 11, security 5: secrets never reach the request log; mails without SMTP are marked as such. */
describe('request logs', () => {
  let test: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    test = await startTestApp({
      env: { KANTINE_LOG_LEVEL: 'info' },
      mail: false,
      logStream: { write: (line: string) => void lines.push(line) },
    });
  });
  afterAll(() => test.close());

  it('warns at start that mails go to the log, and marks each logged mail clearly', async () => {
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => /SMTP_URL/.test(entry.msg));
    expect(warning?.level).toBe(40);
    const { admin } = await setUpOrganisation(test);
    const invited = await admin.post('/api/v1/invitations', { email: 'log@example.com', role: 'member' });
    expect(invited.status).toBe(201);
    const mail = lines.map((line) => JSON.parse(line)).find((entry) => entry.mail?.to === 'log@example.com');
    expect(mail?.msg).toMatch(/^MAIL \(not sent, no SMTP_URL\)/);
  });

  it('redacts tokens, reset and invitation secrets, cookies and authorization from every request line', async () => {
    const admin = await loginAdmin(test);
    const member = await createMember(test, admin);
    const token = (await member.client.post('/api/v1/tokens', { name: 'Bot', scope: 'read' })).body
      .token as string;
    const live = await connectLive(test.client().withToken(token));
    live.close();
    await test.client().withToken(token).get('/api/v1/me');
    const invitation = await admin.post('/api/v1/invitations', {
      email: 'secret@example.com',
      role: 'member',
    });
    const invitationSecret = invitation.body.url.split('/invite/')[1] as string;
    await test.client().get(`/api/v1/invitations/${invitationSecret}`);
    await test.client().get(`/invite/${invitationSecret}`);
    await test.client().get('/reset-password?token=resetsecret123456789');
    const log = lines.join('\n');
    // The invitation mail itself is deliberately in the log (no SMTP); request lines are not.
    const requestLines = lines.filter((line) => line.includes('"req"') || line.includes('"res"')).join('\n');
    expect(requestLines).toContain('/api/v1/live?token=[redacted]');
    expect(requestLines).toContain('/api/v1/invitations/[redacted]');
    expect(requestLines).toContain('/invite/[redacted]');
    expect(requestLines).toContain('/reset-password?token=[redacted]');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice(3));
    expect(requestLines).not.toContain(invitationSecret);
    expect(log).not.toContain('resetsecret123456789');
    expect(log).not.toContain(admin.sessionCookie);
  });
});

async function loginAdmin(test: TestApp) {
  const admin = test.client();
  expect((await admin.post('/api/v1/session', adminCredentials)).status).toBe(200);
  return admin;
}
