import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/server/lib/clock.js';
import {
  adminCredentials,
  createMember,
  setUpOrganisation,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { firstLink } from '../helpers/mail.js';

describe('login, logout and passwords', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await test
      .client()
      .post('/api/v1/session', { email: 'nobody@example.com', password: 'whatever it is' });
    const wrong = await test
      .client()
      .post('/api/v1/session', { email: adminCredentials.email, password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(unknown.body.error.code).toBe(wrong.body.error.code);
  });

  it('locks an account after repeated failures, then lets it in again after the window', async () => {
    const member = await createMember(test, admin, { email: 'locked@example.com' });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await test.client().post('/api/v1/session', { email: member.email, password: 'wrong password!' }))
          .status,
      ).toBe(401);
    }
    const blocked = await test
      .client()
      .post('/api/v1/session', { email: member.email, password: member.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    test.clock.advance(16 * MINUTE);
    expect(
      (await test.client().post('/api/v1/session', { email: member.email, password: member.password }))
        .status,
    ).toBe(200);
  });

  it('limits failures per IP address across accounts', async () => {
    const local = await startTestApp();
    try {
      await setUpOrganisation(local);
      let last = 0;
      for (let attempt = 0; attempt < 31; attempt++) {
        last = (
          await local
            .client()
            .post('/api/v1/session', { email: `guess${attempt}@example.com`, password: 'guessing away' })
        ).status;
      }
      expect(last).toBe(429);
      expect((await local.client().post('/api/v1/session', adminCredentials)).status).toBe(429);
    } finally {
      await local.close();
    }
  });

  it('keeps sessions across a restart of the app on the same database', async () => {
    const member = await createMember(test, admin);
    const { buildApp } = await import('../../src/server/app.js');
    const { loadConfig } = await import('../../src/server/config.js');
    const config = loadConfig({ KANTINE_DATA_DIR: test.database.dataDir, KANTINE_LOG_LEVEL: 'silent' });
    config.database = test.database.target;
    const second = await buildApp(config, { clock: test.clock, webRoot: '/nonexistent' });
    try {
      const response = await second.inject({
        method: 'GET',
        url: '/api/v1/me',
        cookies: { kantine_session: member.client.sessionCookie! },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().email).toBe(member.email);
    } finally {
      await second.close();
    }
  });

  it('logs out one session, and everywhere', async () => {
    const member = await createMember(test, admin);
    const second = test.client();
    expect(
      (await second.post('/api/v1/session', { email: member.email, password: member.password })).status,
    ).toBe(200);
    const third = test.client();
    expect(
      (await third.post('/api/v1/session', { email: member.email, password: member.password })).status,
    ).toBe(200);

    expect((await second.delete('/api/v1/session')).status).toBe(204);
    expect((await second.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);

    expect((await member.client.delete('/api/v1/sessions')).status).toBe(204);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    expect((await third.get('/api/v1/me')).status).toBe(401);
  });

  it('resets a forgotten password through the link in a real mail, once', async () => {
    const member = await createMember(test, admin, { email: 'forgetful@example.com' });
    const unknown = await test.client().post('/api/v1/password-reset', { email: 'ghost@example.com' });
    const known = await test.client().post('/api/v1/password-reset', { email: member.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const mail = await test.mailbox.waitFor(member.email, 'reset-password');
    expect(test.mailbox.received.some((m) => m.to.includes('ghost@example.com'))).toBe(false);
    const link = new URL(firstLink(mail));
    expect(link.pathname).toBe('/reset-password');
    const token = link.searchParams.get('token')!;

    const weak = await test.client().post('/api/v1/password-reset/confirm', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const done = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token, password: 'my brand new password' });
    expect(done.status).toBe(200);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    const reused = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token, password: 'another new password' });
    expect(reused.status).toBe(410);
    expect(
      (await test.client().post('/api/v1/session', { email: member.email, password: member.password }))
        .status,
    ).toBe(401);
    expect(
      (
        await test
          .client()
          .post('/api/v1/session', { email: member.email, password: 'my brand new password' })
      ).status,
    ).toBe(200);
  });

  it('refuses an expired reset link', async () => {
    const member = await createMember(test, admin, { email: 'slow@example.com' });
    await test.client().post('/api/v1/password-reset', { email: member.email });
    const token = new URL(
      firstLink(await test.mailbox.waitFor(member.email, 'reset-password')),
    ).searchParams.get('token')!;
    test.clock.advance(61 * MINUTE);
    expect(
      (
        await test
          .client()
          .post('/api/v1/password-reset/confirm', { token, password: 'my brand new password' })
      ).status,
    ).toBe(410);
  });

  it('changes the password with the current one and ends other sessions', async () => {
    const member = await createMember(test, admin);
    const other = test.client();
    await other.post('/api/v1/session', { email: member.email, password: member.password });
    const wrong = await member.client.put('/api/v1/me/password', {
      currentPassword: 'not it at all',
      newPassword: 'a different long password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('wrong_password');
    const ok = await member.client.put('/api/v1/me/password', {
      currentPassword: member.password,
      newPassword: 'a different long password',
    });
    expect(ok.status).toBe(200);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
  });

  // Last: it moves the shared clock past every session's lifetime.
  it('expires sessions after 30 days without use', async () => {
    const member = await createMember(test, admin);
    test.clock.advance(31 * DAY);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
  });
});
