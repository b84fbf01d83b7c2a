import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminCredentials,
  createMember,
  setUpOrganisation,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { firstLink } from '../helpers/mail.js';

describe('two-factor login with an authenticator app (TOTP) and recovery codes', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  const codeAt = (secret: string, offsetSteps = 0) =>
    new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
      timestamp: test.clock.now().getTime() + offsetSteps * 30_000,
    });
  const nextStep = () => test.clock.advance(30_000);

  /** Sets up TOTP for a logged-in client and returns the secret and recovery codes. */
  async function enableTotp(client: TestClient) {
    const started = await client.post('/api/v1/me/second-factor/totp');
    expect(started.status).toBe(200);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(started.body.uri).toContain(`secret=${started.body.secret}`);
    expect(started.body.qrSvg).toContain('<svg');
    const confirmed = await client.post('/api/v1/me/second-factor/totp/confirm', {
      code: codeAt(started.body.secret),
    });
    expect(confirmed.status).toBe(200);
    nextStep();
    return { secret: started.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  async function passwordStep(email: string, password: string) {
    const client = test.client();
    const response = await client.post('/api/v1/session', { email, password });
    return { client, response };
  }

  it('sets up TOTP (a wrong code does not), then a password alone opens no session', async () => {
    const member = await createMember(test, admin, { email: 'totp@example.com' });
    const started = await member.client.post('/api/v1/me/second-factor/totp');
    const wrong = await member.client.post('/api/v1/me/second-factor/totp/confirm', {
      code: codeAt(started.body.secret, 5),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_second_factor');
    expect((await member.client.get('/api/v1/me/second-factor')).body.totp.enabled).toBe(false);

    // Starting again (a double click) replaces the unconfirmed secret.
    const { secret, recoveryCodes } = await enableTotp(member.client);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const status = (await member.client.get('/api/v1/me/second-factor')).body;
    expect(status).toMatchObject({
      totp: { enabled: true },
      recoveryCodesLeft: 10,
      passkeys: [],
      required: false,
    });
    const again = await member.client.post('/api/v1/me/second-factor/totp');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('totp_already_enabled');
    // Recovery codes are stored hashed only.
    const stored = await test.app.kantine.database.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .execute();
    expect(stored.some((row) => recoveryCodes.includes(row.code_hash))).toBe(false);

    const { client, response } = await passwordStep(member.email, member.password);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('second_factor_required');
    expect(response.body.error.details).toMatchObject({ methods: ['totp', 'recovery_code'] });
    const { challenge } = response.body.error.details;
    expect(client.sessionCookie).toBeUndefined();
    expect((await client.get('/api/v1/me')).status).toBe(401);

    const bad = await client.post('/api/v1/session/second-factor', { challenge, code: codeAt(secret, 3) });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_second_factor');
    // One step either side is accepted (phone clocks drift), but not the step used to confirm.
    const confirmStep = await client.post('/api/v1/session/second-factor', {
      challenge,
      code: codeAt(secret, -1),
    });
    expect(confirmStep.status).toBe(401);
    nextStep();
    const done = await client.post('/api/v1/session/second-factor', { challenge, code: codeAt(secret, -1) });
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(member.email);
    expect((await client.get('/api/v1/me')).status).toBe(200);
    // The challenge works once.
    const replay = await test
      .client()
      .post('/api/v1/session/second-factor', { challenge, code: codeAt(secret) });
    expect(replay.status).toBe(410);

    // A code cannot be used twice, not even in a new login within its 30 seconds.
    const second = await passwordStep(member.email, member.password);
    const reused = await second.client.post('/api/v1/session/second-factor', {
      challenge: second.response.body.error.details.challenge,
      code: codeAt(secret, -1),
    });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('invalid_second_factor');
    nextStep();
    const fresh = await second.client.post('/api/v1/session/second-factor', {
      challenge: second.response.body.error.details.challenge,
      code: codeAt(secret),
    });
    expect(fresh.status).toBe(200);
  });

  it('recovery codes log in once each; disabling needs a code or the password', async () => {
    const member = await createMember(test, admin, { email: 'recovery@example.com' });
    const { secret, recoveryCodes } = await enableTotp(member.client);
    const first = await passwordStep(member.email, member.password);
    const challenge = first.response.body.error.details.challenge;
    // Typed sloppily: lower case, without the dash.
    const typed = recoveryCodes[0].toLowerCase().replace('-', ' ');
    expect(
      (await first.client.post('/api/v1/session/second-factor', { challenge, recoveryCode: typed })).status,
    ).toBe(200);
    const second = await passwordStep(member.email, member.password);
    const used = await second.client.post('/api/v1/session/second-factor', {
      challenge: second.response.body.error.details.challenge,
      recoveryCode: recoveryCodes[0],
    });
    expect(used.status).toBe(401);
    expect((await member.client.get('/api/v1/me/second-factor')).body.recoveryCodesLeft).toBe(9);

    const wrongPassword = await member.client.post('/api/v1/me/second-factor/totp/disable', {
      password: 'not my password',
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.error.code).toBe('wrong_password');
    const wrongCode = await member.client.post('/api/v1/me/second-factor/totp/disable', {
      code: codeAt(secret, 4),
    });
    expect(wrongCode.body.error.code).toBe('invalid_second_factor');
    const off = await member.client.post('/api/v1/me/second-factor/totp/disable', { code: codeAt(secret) });
    expect(off.status).toBe(204);
    expect((await member.client.get('/api/v1/me/second-factor')).body).toMatchObject({
      totp: { enabled: false },
      recoveryCodesLeft: 0,
    });
    const plain = await passwordStep(member.email, member.password);
    expect(plain.response.status).toBe(200);
  });

  it('throttles guessing codes like passwords and spends a challenge after five wrong codes', async () => {
    const member = await createMember(test, admin, { email: 'guessed@example.com' });
    const { secret } = await enableTotp(member.client);
    const { client, response } = await passwordStep(member.email, member.password);
    const challenge = response.body.error.details.challenge;
    for (let i = 0; i < 5; i++) {
      const wrong = await client.post('/api/v1/session/second-factor', { challenge, code: '000000' });
      expect(wrong.status).toBe(401);
    }
    const right = await client.post('/api/v1/session/second-factor', { challenge, code: codeAt(secret) });
    expect(right.status).toBe(410);
    const again = await passwordStep(member.email, member.password);
    const limited = await again.client.post('/api/v1/session/second-factor', {
      challenge: again.response.body.error.details.challenge,
      code: codeAt(secret),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    test.clock.advance(16 * 60_000);
    const later = await passwordStep(member.email, member.password);
    const ok = await later.client.post('/api/v1/session/second-factor', {
      challenge: later.response.body.error.details.challenge,
      code: codeAt(secret),
    });
    expect(ok.status).toBe(200);
  });

  it('keeps the second factor through a password reset; an admin reset removes it and ends sessions', async () => {
    const member = await createMember(test, admin, { email: 'lostphone@example.com' });
    const { user } = member;
    const { secret } = await enableTotp(member.client);
    await test.client().post('/api/v1/password-reset', { email: member.email });
    const token = new URL(
      firstLink(await test.mailbox.waitFor(member.email, 'reset-password')),
    ).searchParams.get('token')!;
    const reset = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token, password: 'a brand new password' });
    expect(reset.status).toBe(200);
    const afterReset = await passwordStep(member.email, 'a brand new password');
    expect(afterReset.response.status).toBe(401);
    expect(afterReset.response.body.error.code).toBe('second_factor_required');

    const other = await createMember(test, admin);
    expect((await other.client.delete(`/api/v1/admin/users/${user.id}/second-factor`)).status).toBe(403);
    // The session the person had before the admin's reset ends with it.
    const session = afterReset.client;
    const completed = await session.post('/api/v1/session/second-factor', {
      challenge: afterReset.response.body.error.details.challenge,
      code: codeAt(secret),
    });
    expect(completed.status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(200);
    const removed = await admin.delete(`/api/v1/admin/users/${user.id}/second-factor`);
    expect(removed.status).toBe(204);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    const audit = await admin.get('/api/v1/admin/audit');
    expect(audit.body.items[0]).toMatchObject({
      action: 'user.second_factor_reset',
      details: { userId: user.id },
    });
    const plain = await passwordStep(member.email, 'a brand new password');
    expect(plain.response.status).toBe(200);
  });

  it('can require a second factor for admins: admin routes refuse until one is set up', async () => {
    const refused = await admin.put('/api/v1/admin/identity/second-factor', { adminsRequired: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('second_factor_setup_required');
    const { secret } = await enableTotp(admin);
    const on = await admin.put('/api/v1/admin/identity/second-factor', { adminsRequired: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ adminsRequired: true });
    expect((await admin.get('/api/v1/admin/identity/second-factor')).status).toBe(200);

    const other = await createMember(test, admin, { role: 'admin', email: 'newadmin@example.com' });
    const blocked = await other.client.get('/api/v1/admin/identity/second-factor');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('second_factor_setup_required');
    expect((await other.client.get('/api/v1/me/second-factor')).body.required).toBe(true);
    // Everything else, and setting one up, still works.
    expect((await other.client.get('/api/v1/me')).status).toBe(200);
    await enableTotp(other.client);
    expect((await other.client.get('/api/v1/admin/identity/second-factor')).status).toBe(200);
    // Members are not affected.
    const member = await createMember(test, admin);
    expect((await member.client.get('/api/v1/me/second-factor')).body.required).toBe(false);

    // The admin's own password login now asks for the code.
    const login = await passwordStep(adminCredentials.email, adminCredentials.password);
    expect(login.response.body.error.code).toBe('second_factor_required');
    const done = await login.client.post('/api/v1/session/second-factor', {
      challenge: login.response.body.error.details.challenge,
      code: codeAt(secret),
    });
    expect(done.status).toBe(200);
    expect((await admin.put('/api/v1/admin/identity/second-factor', { adminsRequired: false })).status).toBe(
      200,
    );
  });
});
