import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/server/lib/clock.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { firstLink } from '../helpers/mail.js';

describe('invitations', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  it('mails a link that sets name and password and logs the invitee in, once', async () => {
    const created = await admin.post('/api/v1/invitations', {
      email: 'Neue.Kollegin@Example.com',
      role: 'member',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'neue.kollegin@example.com', mailed: true });
    const mail = await test.mailbox.waitFor('neue.kollegin@example.com');
    expect(mail.raw).toContain('Testfirma GmbH');
    const link = firstLink(mail);
    expect(link).toBe(created.body.url);
    const token = new URL(link).pathname.split('/invite/')[1];

    const preview = await test.client().get(`/api/v1/invitations/${token}`);
    expect(preview.body).toEqual({ email: 'neue.kollegin@example.com', organisationName: 'Testfirma GmbH' });

    const listed = await admin.get('/api/v1/invitations');
    expect(listed.body.items.map((i: { email: string }) => i.email)).toContain('neue.kollegin@example.com');

    const invitee = test.client();
    const accepted = await invitee.post(`/api/v1/invitations/${token}/accept`, {
      name: 'Jürgen Groß',
      password: 'lange sicheres passwort',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      name: 'Jürgen Groß',
      handle: 'juergen.gross',
      role: 'member',
      email: 'neue.kollegin@example.com',
    });
    expect((await invitee.get('/api/v1/me')).status).toBe(200);

    const again = await test
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'Eve', password: 'lange sicheres passwort' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invalid_invitation');
    expect(
      (await admin.get('/api/v1/invitations')).body.items.map((i: { email: string }) => i.email),
    ).not.toContain('neue.kollegin@example.com');
  });

  it('expires links after 14 days', async () => {
    const created = await admin.post('/api/v1/invitations', { email: 'late@example.com' });
    const token = created.body.url.split('/invite/')[1];
    test.clock.advance(15 * DAY);
    expect((await test.client().get(`/api/v1/invitations/${token}`)).status).toBe(410);
    expect(
      (
        await test
          .client()
          .post(`/api/v1/invitations/${token}/accept`, { name: 'Late', password: 'lange sicheres passwort' })
      ).status,
    ).toBe(410);
  });

  it('revokes an invitation, and a new one replaces the old link', async () => {
    const first = await admin.post('/api/v1/invitations', { email: 'twice@example.com' });
    const second = await admin.post('/api/v1/invitations', { email: 'twice@example.com' });
    const firstToken = first.body.url.split('/invite/')[1];
    expect((await test.client().get(`/api/v1/invitations/${firstToken}`)).status).toBe(410);
    expect((await admin.delete(`/api/v1/invitations/${second.body.id}`)).status).toBe(204);
    expect(
      (await test.client().get(`/api/v1/invitations/${second.body.url.split('/invite/')[1]}`)).status,
    ).toBe(410);
    expect((await admin.delete(`/api/v1/invitations/${second.body.id}`)).status).toBe(404);
  });

  it('refuses members, existing addresses and bad input', async () => {
    const member = await createMember(test, admin);
    expect((await member.client.post('/api/v1/invitations', { email: 'x@example.com' })).status).toBe(403);
    expect((await member.client.get('/api/v1/invitations')).status).toBe(403);
    expect((await admin.post('/api/v1/invitations', { email: member.email })).status).toBe(409);
    expect((await admin.post('/api/v1/invitations', { email: 'no-at-sign' })).status).toBe(400);
    expect(
      (await admin.post('/api/v1/invitations', { email: 'x@example.com', role: 'emperor' })).status,
    ).toBe(400);
    const created = await admin.post('/api/v1/invitations', { email: 'weak@example.com' });
    const token = created.body.url.split('/invite/')[1];
    expect(
      (
        await test
          .client()
          .post(`/api/v1/invitations/${token}/accept`, { name: '', password: 'lange sicheres passwort' })
      ).status,
    ).toBe(400);
    expect(
      (await test.client().post(`/api/v1/invitations/${token}/accept`, { name: 'Weak', password: 'short' }))
        .status,
    ).toBe(400);
    expect((await test.client().get(`/api/v1/invitations/${token}`)).status).toBe(200);
  });

  it('invites admins', async () => {
    const second = await createMember(test, admin, { role: 'admin' });
    expect(second.user.role).toBe('admin');
    expect((await second.client.get('/api/v1/invitations')).status).toBe(200);
  });
});

describe('invitations without a mail server', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ mail: false });
  });
  afterAll(() => test.close());

  it('returns the link to the admin so it can be passed on by hand', async () => {
    const { admin } = await setUpOrganisation(test);
    const created = await admin.post('/api/v1/invitations', { email: 'nomail@example.com' });
    expect(created.status).toBe(201);
    expect(created.body.mailed).toBe(false);
    expect(created.body.url).toMatch(new RegExp(`^${test.baseUrl}/invite/[A-Za-z0-9_-]{20,}$`));
    expect(test.mailbox.received).toHaveLength(0);
  });
});
