import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { SoftAuthenticator } from '../helpers/webauthn.js';

describe('passkeys (WebAuthn) through the API, with a software authenticator', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  async function addPasskey(client: TestClient, name = 'Laptop') {
    const authenticator = new SoftAuthenticator(test.baseUrl);
    const ceremony = await client.post('/api/v1/me/passkeys/options');
    expect(ceremony.status).toBe(200);
    const created = await client.post('/api/v1/me/passkeys', {
      ticket: ceremony.body.ticket,
      name,
      response: authenticator.register(ceremony.body.options),
    });
    expect(created.status).toBe(201);
    return { authenticator, passkey: created.body.passkey };
  }

  async function passkeyLogin(authenticator: SoftAuthenticator, tamper = false) {
    const client = test.client();
    const ceremony = await client.post('/api/v1/session/passkey/options');
    expect(ceremony.status).toBe(200);
    const response = authenticator.login(ceremony.body.options, tamper);
    const result = await client.post('/api/v1/session/passkey', { ticket: ceremony.body.ticket, response });
    return { client, result, ticket: ceremony.body.ticket, response };
  }

  it('registers a discoverable passkey for the public address and logs in with it, usernameless', async () => {
    const member = await createMember(test, admin, { name: 'Paula Passkey' });
    const ceremony = await member.client.post('/api/v1/me/passkeys/options');
    // The relying party is the stored public address (set at setup), never the request's Host.
    expect(ceremony.body.options.rp.id).toBe(new URL(test.baseUrl).hostname);
    expect(ceremony.body.options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    const { authenticator, passkey } = await addPasskey(member.client, 'Mein Telefon');
    expect(passkey).toMatchObject({ name: 'Mein Telefon', lastUsedAt: null });
    const listed = await member.client.get('/api/v1/me/passkeys');
    expect(listed.body.items).toEqual([passkey]);
    // Registering again lists the existing passkey as excluded.
    const again = await member.client.post('/api/v1/me/passkeys/options');
    expect(again.body.options.excludeCredentials).toEqual([
      expect.objectContaining({ id: authenticator.id }),
    ]);

    const { client, result, ticket, response } = await passkeyLogin(authenticator);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: member.user.id, name: 'Paula Passkey' });
    expect((await client.get('/api/v1/me')).body.id).toBe(member.user.id);
    expect((await member.client.get('/api/v1/me/passkeys')).body.items[0].lastUsedAt).not.toBeNull();

    // A ceremony works once; an answer signed for another challenge or tampered with is refused.
    const replay = await test.client().post('/api/v1/session/passkey', { ticket, response });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('passkey_failed');
    const otherCeremony = await test.client().post('/api/v1/session/passkey/options');
    const wrongChallenge = await test
      .client()
      .post('/api/v1/session/passkey', { ticket: otherCeremony.body.ticket, response });
    expect(wrongChallenge.body.error.code).toBe('passkey_failed');
    const tampered = await passkeyLogin(authenticator, true);
    expect(tampered.result.status).toBe(400);
    expect(tampered.client.sessionCookie).toBeUndefined();
    const unknown = await passkeyLogin(new SoftAuthenticator(test.baseUrl));
    expect(unknown.result.status).toBe(401);
  });

  it('sends a password login of a person with only passkeys to the passkey; deleting it ends that', async () => {
    const member = await createMember(test, admin);
    const { authenticator, passkey } = await addPasskey(member.client);
    const password = await test
      .client()
      .post('/api/v1/session', { email: member.email, password: member.password });
    expect(password.status).toBe(401);
    expect(password.body.error).toMatchObject({
      code: 'second_factor_required',
      details: { methods: ['passkey'] },
    });
    expect((await member.client.get('/api/v1/me/second-factor')).body.passkeys).toHaveLength(1);

    const stranger = await createMember(test, admin);
    expect((await stranger.client.delete(`/api/v1/me/passkeys/${passkey.id}`)).status).toBe(404);
    expect((await member.client.delete(`/api/v1/me/passkeys/${passkey.id}`)).status).toBe(204);
    expect((await passkeyLogin(authenticator)).result.status).toBe(401);
    const plain = await test
      .client()
      .post('/api/v1/session', { email: member.email, password: member.password });
    expect(plain.status).toBe(200);
  });

  it('refuses a deactivated person’s passkey, and an admin reset removes passkeys', async () => {
    const member = await createMember(test, admin);
    const { authenticator } = await addPasskey(member.client);
    expect((await admin.post(`/api/v1/users/${member.user.id}/deactivate`)).status).toBe(200);
    expect((await passkeyLogin(authenticator)).result.status).toBe(401);
    expect((await admin.post(`/api/v1/users/${member.user.id}/reactivate`)).status).toBe(200);
    expect((await passkeyLogin(authenticator)).result.status).toBe(200);
    expect((await admin.delete(`/api/v1/admin/users/${member.user.id}/second-factor`)).status).toBe(204);
    expect((await passkeyLogin(authenticator)).result.status).toBe(401);
  });

  it('lets a person with an access code set up a passkey instead of a password', async () => {
    const person = await admin.post('/api/v1/admin/people', {
      name: 'Kai Kommissionierer',
      personnelNumber: 'P-77',
    });
    const issued = await admin.post('/api/v1/admin/access-codes', { userIds: [person.body.id] });
    const phone = test.client();
    expect(
      (await phone.post('/api/v1/access-codes/redeem', { code: issued.body.codes[0].code })).status,
    ).toBe(200);
    const setupCookie = phone.sessionCookie;
    expect((await phone.get('/api/v1/me/passkeys')).body.error.code).toBe('credential_required');
    const { authenticator } = await addPasskey(phone, 'Handy');
    // The set-up session ended; a normal one took its place.
    expect(phone.sessionCookie).not.toBe(setupCookie);
    expect((await phone.get('/api/v1/spaces')).status).toBe(200);
    const { result } = await passkeyLogin(authenticator);
    expect(result.body).toMatchObject({ id: person.body.id, name: 'Kai Kommissionierer' });
  });

  it('counts a passkey as the second factor an admin needs', async () => {
    const other = await createMember(test, admin, { role: 'admin' });
    await addPasskey(admin);
    expect((await admin.put('/api/v1/admin/identity/second-factor', { adminsRequired: true })).status).toBe(
      200,
    );
    expect((await other.client.get('/api/v1/admin/identity/second-factor')).body.error.code).toBe(
      'second_factor_setup_required',
    );
    await addPasskey(other.client);
    expect((await other.client.get('/api/v1/admin/identity/second-factor')).status).toBe(200);
  });
});
