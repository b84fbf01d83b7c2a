import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive, settle } from '../helpers/live.js';
import { firstLink } from '../helpers/mail.js';

/** Resolves with the close code once the server closes the socket (or rejects after a while); call before acting. */
function closed(socket: WebSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket stayed open')), timeoutMs);
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function resetLinks(test: TestApp, email: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const mails = test.mailbox.received.filter(
      (m) => m.to.includes(email) && m.raw.includes('reset-password'),
    );
    if (mails.length >= count)
      return mails.map((mail) => new URL(firstLink(mail)).searchParams.get('token')!);
    if (Date.now() > deadline) throw new Error(`expected ${count} reset mails to ${email}`);
    await settle(50);
  }
}

async function loginAgain(test: TestApp, email: string, password: string) {
  const client = test.client();
  expect((await client.post('/api/v1/session', { email, password })).status).toBe(200);
  return client;
}

/** Issue 11, security 3: a credential change ends what the old credential opened. */
describe('sessions, tokens and sockets after credential changes', () => {
  let test: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('changing the password ends other sessions, every token, open reset links and their sockets', async () => {
    const member = await createMember(test, admin);
    const other = await loginAgain(test, member.email, member.password);
    const token = (await member.client.post('/api/v1/tokens', { name: 'Skript', scope: 'read' })).body.token;
    const scripted = test.client().withToken(token);
    expect((await scripted.get('/api/v1/me')).status).toBe(200);
    await test.client().post('/api/v1/password-reset', { email: member.email });
    const [pendingReset] = await resetLinks(test, member.email, 1);

    const mine = await connectLive(member.client);
    const theirs = await connectLive(other);
    const byToken = await connectLive(scripted);
    const theirsClosed = closed(theirs.socket);
    const byTokenClosed = closed(byToken.socket);
    const ok = await member.client.put('/api/v1/me/password', {
      currentPassword: member.password,
      newPassword: 'a brand new long password',
    });
    expect(ok.status).toBe(200);

    expect(await theirsClosed).toBe(4001);
    expect(await byTokenClosed).toBe(4001);
    expect(theirs.messages.some((m) => m.type === 'session.ended')).toBe(true);
    await settle();
    expect(mine.socket.readyState).toBe(mine.socket.OPEN);
    expect(mine.messages.some((m) => m.type === 'session.ended')).toBe(false);
    mine.close();

    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await scripted.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.get('/api/v1/tokens')).body.items).toEqual([]);
    const reset = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token: pendingReset, password: 'somebody elses password' });
    expect(reset.status).toBe(410);
  });

  it('a reset ends every session, token and socket, and kills the other reset links', async () => {
    const member = await createMember(test, admin);
    const token = (await member.client.post('/api/v1/tokens', { name: 'Skript', scope: 'read' })).body.token;
    const live = await connectLive(member.client);
    const liveByToken = await connectLive(test.client().withToken(token));
    const liveClosed = closed(live.socket);
    const liveByTokenClosed = closed(liveByToken.socket);
    await test.client().post('/api/v1/password-reset', { email: member.email });
    await test.client().post('/api/v1/password-reset', { email: member.email });
    const [first, second] = await resetLinks(test, member.email, 2);
    expect(first).not.toBe(second);

    const done = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token: first, password: 'the reset password' });
    expect(done.status).toBe(200);
    expect(await liveClosed).toBe(4001);
    expect(await liveByTokenClosed).toBe(4001);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    expect((await test.client().withToken(token).get('/api/v1/me')).status).toBe(401);
    const again = await test
      .client()
      .post('/api/v1/password-reset/confirm', { token: second, password: 'an attackers password' });
    expect(again.status).toBe(410);
    await loginAgain(test, member.email, 'the reset password');
  });

  it('logging out closes the sockets of that session only', async () => {
    const member = await createMember(test, admin);
    const other = await loginAgain(test, member.email, member.password);
    const leaving = await connectLive(member.client);
    const staying = await connectLive(other);
    expect((await member.client.delete('/api/v1/session')).status).toBe(204);
    expect(await closed(leaving.socket)).toBe(4001);
    await settle();
    expect(staying.socket.readyState).toBe(staying.socket.OPEN);
    staying.close();
  });

  it('revoking a token closes the sockets opened with it, not the others', async () => {
    const member = await createMember(test, admin);
    const created = await member.client.post('/api/v1/tokens', { name: 'Bot', scope: 'read' });
    const byToken = await connectLive(test.client().withToken(created.body.token));
    const bySession = await connectLive(member.client);
    expect((await member.client.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect(await closed(byToken.socket)).toBe(4001);
    await settle();
    expect(bySession.socket.readyState).toBe(bySession.socket.OPEN);
    bySession.close();
  });
});
