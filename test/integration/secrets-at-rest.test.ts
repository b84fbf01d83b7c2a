import fs from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed } from '../../src/server/lib/secret-box.js';
import { loadOidcConfig } from '../../src/server/modules/identity/oidc.settings.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import type { TestDatabase } from '../helpers/database.js';
import { ldapSettingsFor, SERVICE_PASSWORD, type Slapd, SUFFIX, startSlapd } from '../helpers/ldap.js';
import { createSpace } from '../helpers/stream.js';
import { startReceiver, verifySignature } from '../helpers/webhooks.js';

const OTHER_KEY = 'ab'.repeat(32);
/** The webhook receiver listens on loopback. */
const ENV = { KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true' };
const PLAIN_WEBHOOK_SECRET = 'whsec_stored_in_plain_text_by_an_earlier_version';

function treeLdif() {
  const person = (uid: string, name: string) =>
    [
      `dn: uid=${uid},ou=people,${SUFFIX}`,
      'objectClass: inetOrgPerson',
      `uid: ${uid}`,
      `cn: ${name}`,
      'sn: Person',
      `mail: ${uid}@example.com`,
      `userPassword: pw-${uid}`,
      '',
    ].join('\n');
  return [
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
    person('kira', 'Kira Kugel'),
    person('lutz', 'Lutz Lager'),
  ].join('\n');
}

/**
 * TOTP secrets, the LDAP bind password, the OIDC client secret and webhook signing secrets are sealed with AES-256-GCM under
 * KANTINE_SECRET_KEY (or the key file in the data directory); values an earlier version stored in
 * plain text are sealed at the next start and keep working.
 */
describe('secrets at rest', () => {
  let test: TestApp;
  let admin: TestClient;
  let slapd: Slapd;
  let database: TestDatabase;
  let member: Awaited<ReturnType<typeof createMember>>;
  let totpSecret: string;
  let recoveryCodes: string[];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let webhookId: number;

  const db = () => test.app.kantine.database.db;
  const storedTotp = async (userId: number) =>
    (
      await db()
        .selectFrom('totp_credentials')
        .select('secret')
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).secret;
  const storedSetting = async (kind: string) =>
    (
      await db()
        .selectFrom('identity_settings')
        .select('secret')
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow()
    ).secret;
  const storedWebhookSecret = async () =>
    (await db().selectFrom('webhooks').select('secret').where('id', '=', webhookId).executeTakeFirstOrThrow())
      .secret;
  const codeNow = () =>
    new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate({
      timestamp: test.clock.now().getTime(),
    });

  /** Stops the app and starts it again on the same database and data directory (the key file stays). */
  async function restart(env: Record<string, string> = {}) {
    const clock = test.clock.now().getTime();
    await test.app.close();
    await test.mailbox.close();
    test = await startTestApp({ database, env: { ...ENV, ...env } });
    // The new app's clock starts at the default time again; codes must be newer than the last one.
    test.clock.advance(clock - test.clock.now().getTime() + 60_000);
    admin = test.client();
    expect((await admin.post('/api/v1/session', adminLogin)).status).toBe(200);
  }
  const adminLogin = { email: 'admin@example.com', password: 'correct horse battery' };

  async function logInWithTotp(code: string) {
    const client = test.client();
    const password = await client.post('/api/v1/session', { email: member.email, password: member.password });
    expect(password.body.error.code).toBe('second_factor_required');
    return client.post('/api/v1/session/second-factor', {
      challenge: password.body.error.details.challenge,
      code,
    });
  }

  beforeAll(async () => {
    slapd = await startSlapd(treeLdif());
    receiver = await startReceiver();
    test = await startTestApp({ env: ENV });
    database = test.database;
    ({ admin } = await setUpOrganisation(test));
    member = await createMember(test, admin, { email: 'totp-at-rest@example.com' });
  }, 60_000);
  afterAll(async () => {
    try {
      await test?.close();
      await receiver?.close();
    } finally {
      await slapd?.stop();
    }
  });

  it('stores a new TOTP secret and the directory and SSO secrets sealed, under a 0600 key file', async () => {
    const started = await member.client.post('/api/v1/me/second-factor/totp');
    totpSecret = started.body.secret;
    const confirmed = await member.client.post('/api/v1/me/second-factor/totp/confirm', { code: codeNow() });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    const stored = await storedTotp(member.user.id);
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain(totpSecret);

    const saved = await admin.put('/api/v1/admin/identity/ldap', {
      ...ldapSettingsFor(slapd.url, { groupsBaseDn: '', groupsToSpaces: false }),
      bindPassword: SERVICE_PASSWORD,
    });
    expect(saved.status).toBe(200);
    const bind = await storedSetting('ldap');
    expect(bind && isSealed(bind)).toBe(true);
    expect(bind).not.toContain(SERVICE_PASSWORD);
    const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ created: 2, errors: [] });

    // No KANTINE_SECRET_KEY in this test: the key was generated once into the data directory.
    const keyFile = path.join(database.dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('seals plain-text secrets from an earlier version at the next start, and they keep working', async () => {
    // What an earlier version left in the database.
    await db()
      .updateTable('totp_credentials')
      .set({ secret: totpSecret })
      .where('user_id', '=', member.user.id)
      .execute();
    await db()
      .updateTable('identity_settings')
      .set({ secret: SERVICE_PASSWORD })
      .where('kind', '=', 'ldap')
      .execute();
    await db()
      .insertInto('identity_settings')
      .values({
        kind: 'oidc',
        settings: JSON.stringify({ enabled: false, issuer: '', clientId: 'kantine' }),
        secret: 'plain-client-secret',
        updated_at: new Date().toISOString(),
      })
      .execute();

    const hook = await admin.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['space.created'] });
    webhookId = hook.body.id;
    await db()
      .updateTable('webhooks')
      .set({ secret: PLAIN_WEBHOOK_SECRET })
      .where('id', '=', webhookId)
      .execute();

    await restart();

    const storedWebhook = await storedWebhookSecret();
    expect(isSealed(storedWebhook)).toBe(true);
    receiver.received.length = 0;
    await createSpace(admin, { name: 'Nach dem Neustart' });
    const [delivery] = await receiver.waitFor(1);
    expect(
      verifySignature(PLAIN_WEBHOOK_SECRET, delivery.headers['kantine-signature'] as string, delivery.raw),
    ).toBe(true);

    const totp = await storedTotp(member.user.id);
    expect(isSealed(totp)).toBe(true);
    expect(totp).not.toContain(totpSecret);
    const bind = await storedSetting('ldap');
    expect(bind && isSealed(bind)).toBe(true);
    const client = await storedSetting('oidc');
    expect(client && isSealed(client)).toBe(true);
    expect((await loadOidcConfig(test.app.kantine)).clientSecret).toBe('plain-client-secret');

    // The authenticator app still logs in, the directory still syncs and logs in.
    const done = await logInWithTotp(codeNow());
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(member.email);
    const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ created: 0, deactivated: 0, errors: [] });
    const directory = await test.client().post('/api/v1/session', { email: 'kira', password: 'pw-kira' });
    expect(directory.status).toBe(200);
    expect(directory.body.name).toBe('Kira Kugel');

    // Starting again changes nothing (already sealed).
    await restart();
    expect(await storedTotp(member.user.id)).toBe(totp);
    expect(await storedSetting('ldap')).toBe(bind);
    expect(await storedWebhookSecret()).toBe(storedWebhook);
  });

  it('with another key: codes are refused with a clear error, recovery codes work, settings ask again', async () => {
    await restart({ KANTINE_SECRET_KEY: OTHER_KEY });
    const refused = await logInWithTotp(codeNow());
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('secret_key_mismatch');

    const client = test.client();
    const password = await client.post('/api/v1/session', { email: member.email, password: member.password });
    const recovered = await client.post('/api/v1/session/second-factor', {
      challenge: password.body.error.details.challenge,
      recoveryCode: recoveryCodes[0],
    });
    expect(recovered.status).toBe(200);

    const ldap = await admin.get('/api/v1/admin/identity/ldap');
    expect(ldap.body.passwordSet).toBe(false);
    // Entering it again seals it under the new key.
    const saved = await admin.put('/api/v1/admin/identity/ldap', {
      ...ldapSettingsFor(slapd.url, { groupsBaseDn: '', groupsToSpaces: false }),
      bindPassword: SERVICE_PASSWORD,
    });
    expect(saved.body.passwordSet).toBe(true);
    expect((await admin.post('/api/v1/admin/identity/ldap/sync')).body).toMatchObject({ errors: [] });

    // A webhook's deliveries fail, each logged with what to do; nothing reaches the receiver.
    receiver.received.length = 0;
    await createSpace(admin, { name: 'Mit anderem Schlüssel' });
    let latest: { statusCode: number | null; error: string | null } | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      latest = (await admin.get(`/api/v1/admin/webhooks/${webhookId}/deliveries?limit=1`)).body.items[0];
      if (latest?.error) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(latest?.statusCode).toBeNull();
    expect(latest?.error).toContain('The stored webhook signing secret cannot be decrypted');
    expect(latest?.error).toContain('delete the webhook and create it again');
    expect(receiver.received).toEqual([]);

    // The admin resets the person's second factor; they can enrol again.
    expect((await admin.delete(`/api/v1/admin/users/${member.user.id}/second-factor`)).status).toBe(204);
  });
});
