import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapSync } from '../../src/server/cli-tasks.js';
import {
  adminCredentials,
  createMember,
  setUpOrganisation,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { ldapSettingsFor, SERVICE_PASSWORD, type Slapd, SUFFIX, startSlapd } from '../helpers/ldap.js';

const PEOPLE = 1000;
/** Syncing 1,000 people on a busy machine (and PostgreSQL) takes a while; speed is not what is tested. */
const SLOW = 600_000;
const id4 = (n: number) => String(n).padStart(4, '0');
const uid = (n: number) => `p${id4(n)}`;
const personDn = (n: number) => `uid=${uid(n)},ou=people,${SUFFIX}`;
/** p0001 heads everyone; p0002–p0011 report to p0001, the rest to one of those ten. */
const managerOf = (n: number) => (n === 1 ? null : n <= 11 ? 1 : 2 + (n % 10));

function personLdif(n: number) {
  const manager = managerOf(n);
  return [
    `dn: ${personDn(n)}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid(n)}`,
    `cn: Person ${id4(n)}`,
    'sn: Person',
    `mail: ${uid(n)}@example.com`,
    `title: Fachkraft ${n % 7}`,
    `departmentNumber: ${n % 2 ? 'Logistik' : 'Vertrieb'}`,
    'l: Bielefeld',
    `telephoneNumber: +49 521 ${id4(n)}`,
    `employeeNumber: E${id4(n)}`,
    ...(manager ? [`manager: ${personDn(manager)}`] : []),
    `userPassword: pw-${uid(n)}`,
    '',
  ].join('\n');
}

function treeLdif() {
  const parts = [
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
  ];
  for (let n = 1; n <= PEOPLE; n++) parts.push(personLdif(n));
  const group = (name: string, from: number, to: number) => {
    const members: string[] = [];
    for (let n = from; n <= to; n++) members.push(`member: ${personDn(n)}`);
    return [
      `dn: cn=${name},ou=groups,${SUFFIX}`,
      'objectClass: groupOfNames',
      `cn: ${name}`,
      ...members,
      '',
    ].join('\n');
  };
  parts.push(group('Lager Nord', 2, 101), group('Vertrieb', 102, 201));
  return parts.join('\n');
}

describe('LDAP / Active Directory against a real slapd', () => {
  let test: TestApp;
  let admin: TestClient;
  let slapd: Slapd;
  let vertriebSpaceId: number;

  const settings = (extra: Record<string, unknown> = {}) => ldapSettingsFor(slapd.url, extra);

  const userIdOf = async (username: string) => {
    const row = await test.app.kantine.database.db
      .selectFrom('ldap_users')
      .select('user_id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.user_id;
  };
  const countUsers = async () => {
    const row = await test.app.kantine.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const login = (email: string, password: string) => {
    const client = test.client();
    return client.post('/api/v1/session', { email, password }).then((response) => ({ client, response }));
  };

  beforeAll(async () => {
    slapd = await startSlapd(treeLdif());
    // A sync of 1,000 people on a loaded machine may outlast the default long-request deadline.
    test = await startTestApp({ env: { KANTINE_UPLOAD_TIMEOUT_SECONDS: '900' } });
    ({ admin } = await setUpOrganisation(test));
    const space = await admin.post('/api/v1/spaces', { name: 'Vertrieb', visibility: 'public' });
    expect(space.status).toBe(201);
    vertriebSpaceId = space.body.id;
  }, 60_000);
  afterAll(async () => {
    try {
      await test?.close();
    } finally {
      await slapd?.stop();
    }
  });

  it('stores the settings for admins only and never shows the bind password', async () => {
    const empty = await admin.get('/api/v1/admin/identity/ldap');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ enabled: false, passwordSet: false, usernameAttribute: 'uid' });
    const incomplete = await admin.put('/api/v1/admin/identity/ldap', settings({ url: '' }));
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.code).toBe('ldap_incomplete');
    const badUrl = await admin.put('/api/v1/admin/identity/ldap', settings({ url: 'http://example.com' }));
    expect(badUrl.status).toBe(400);
    const saved = await admin.put(
      '/api/v1/admin/identity/ldap',
      settings({ bindPassword: SERVICE_PASSWORD }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, passwordSet: true, url: slapd.url });
    expect(JSON.stringify(saved.body)).not.toContain(SERVICE_PASSWORD);
    // Saving without bindPassword keeps the stored one.
    const again = await admin.put('/api/v1/admin/identity/ldap', settings());
    expect(again.body.passwordSet).toBe(true);
    const member = await createMember(test, admin);
    expect((await member.client.get('/api/v1/admin/identity/ldap')).status).toBe(403);
    expect((await member.client.post('/api/v1/admin/identity/ldap/sync')).status).toBe(403);
  });

  it('tests the connection and says which step failed', async () => {
    const ok = await admin.post('/api/v1/admin/identity/ldap/test');
    expect(ok.status).toBe(200);
    // The service account may see only 500 entries per search: 1,000 people need paged results.
    expect(ok.body).toMatchObject({ ok: true, failedStep: null, users: PEOPLE, groups: 2 });

    await admin.put('/api/v1/admin/identity/ldap', settings({ bindPassword: 'wrong' }));
    const refused = await admin.post('/api/v1/admin/identity/ldap/test');
    expect(refused.body).toMatchObject({ ok: false, failedStep: 'bind', users: null });

    await admin.put('/api/v1/admin/identity/ldap', settings({ url: 'ldap://127.0.0.1:1' }));
    const down = await admin.post('/api/v1/admin/identity/ldap/test');
    expect(down.body).toMatchObject({ ok: false, failedStep: 'connect' });
    await admin.put('/api/v1/admin/identity/ldap', settings({ bindPassword: SERVICE_PASSWORD }));
  });

  it(
    'dry run lists what would change and changes nothing',
    async () => {
      const before = await countUsers();
      const dry = await admin.post('/api/v1/admin/identity/ldap/sync?dryRun=true');
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({
        dryRun: true,
        created: PEOPLE,
        updated: 0,
        deactivated: 0,
        errors: [],
      });
      expect(dry.body.changes[0]).toMatchObject({ action: 'create', username: 'p0001', name: 'Person 0001' });
      expect(await countUsers()).toBe(before);
    },
    SLOW,
  );

  it(
    'creates 1,000 people with managers, profile fields and group → space memberships',
    async () => {
      const before = await countUsers();
      const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(sync.status).toBe(200);
      expect(sync.body).toMatchObject({
        dryRun: false,
        created: PEOPLE,
        updated: 0,
        deactivated: 0,
        errors: [],
      });
      expect(await countUsers()).toBe(before + PEOPLE);

      const p50 = await admin.get(`/api/v1/users/${await userIdOf('p0050')}`);
      expect(p50.body).toMatchObject({
        name: 'Person 0050',
        email: 'p0050@example.com',
        title: 'Fachkraft 1',
        department: 'Vertrieb',
        location: 'Bielefeld',
        phone: '+49 521 0050',
        manager: { id: await userIdOf('p0002'), name: 'Person 0002' },
      });
      const head = await admin.get(`/api/v1/users/${await userIdOf('p0001')}`);
      expect(head.body.manager).toBeNull();
      expect(head.body.reports).toHaveLength(10);

      // "Lager Nord" had no space: a private one was created. "Vertrieb" existed: its members were added.
      const spaces = await test.app.kantine.database.db
        .selectFrom('spaces')
        .select(['id', 'visibility'])
        .where('name', '=', 'Lager Nord')
        .execute();
      expect(spaces).toEqual([{ id: expect.any(Number), visibility: 'private' }]);
      const members = async (spaceId: number) =>
        (
          await test.app.kantine.database.db
            .selectFrom('space_members')
            .select('user_id')
            .where('space_id', '=', spaceId)
            .where('status', '=', 'member')
            .execute()
        ).map((row) => row.user_id);
      const lager = await members(spaces[0].id);
      expect(lager).toHaveLength(100);
      expect(lager).toContain(await userIdOf('p0002'));
      const vertrieb = await members(vertriebSpaceId);
      expect(vertrieb).toContain(await userIdOf('p0150'));
      expect(vertrieb).not.toContain(await userIdOf('p0050'));

      const unchanged = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(unchanged.body).toMatchObject({ created: 0, updated: 0, deactivated: 0, reactivated: 0 });
      const settingsNow = await admin.get('/api/v1/admin/identity/ldap');
      expect(settingsNow.body.lastSync).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    },
    SLOW,
  );

  it(
    'updates a changed attribute and group membership',
    async () => {
      await slapd.modify(
        [
          `dn: ${personDn(3)}`,
          'changetype: modify',
          'replace: title',
          'title: Schichtleitung',
          '',
          `dn: cn=Vertrieb,ou=groups,${SUFFIX}`,
          'changetype: modify',
          'delete: member',
          `member: ${personDn(150)}`,
          '',
        ].join('\n'),
      );
      const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(sync.body).toMatchObject({ created: 0, updated: 1, deactivated: 0 });
      expect(sync.body.changes).toEqual([
        { action: 'update', username: 'p0003', name: 'Person 0003', fields: ['title'] },
      ]);
      const p3 = await admin.get(`/api/v1/users/${await userIdOf('p0003')}`);
      expect(p3.body.title).toBe('Schichtleitung');
      const membership = await test.app.kantine.database.db
        .selectFrom('space_members')
        .select('user_id')
        .where('space_id', '=', vertriebSpaceId)
        .where('user_id', '=', await userIdOf('p0150'))
        .executeTakeFirst();
      expect(membership).toBeUndefined();
    },
    SLOW,
  );

  it('logs in with the directory username or the e-mail; wrong passwords are refused', async () => {
    const byUid = await login('p0010', 'pw-p0010');
    expect(byUid.response.status).toBe(200);
    expect(byUid.response.body).toMatchObject({ email: 'p0010@example.com', name: 'Person 0010' });
    const byMail = await login('p0011@example.com', 'pw-p0011');
    expect(byMail.response.status).toBe(200);
    expect(byMail.response.body.id).toBe(await userIdOf('p0011'));
    const wrong = await login('p0011', 'pw-p0010');
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.body.error.code).toBe('invalid_credentials');
    expect((await login('nobody-here', 'pw')).response.status).toBe(401);
    // Local accounts keep logging in with their own password.
    expect((await login(adminCredentials.email, adminCredentials.password)).response.status).toBe(200);
  });

  it(
    'deactivates people who vanish (sessions end, nothing deleted) and reactivates them when they return',
    async () => {
      const session = await login('p0010', 'pw-p0010');
      expect((await session.client.get('/api/v1/me')).status).toBe(200);
      await slapd.remove(personDn(10));
      const before = await countUsers();

      const dry = await admin.post('/api/v1/admin/identity/ldap/sync?dryRun=true');
      expect(dry.body).toMatchObject({ deactivated: 1, created: 0, updated: 0 });
      expect(dry.body.changes).toEqual([
        { action: 'deactivate', username: 'p0010', name: 'Person 0010', fields: [] },
      ]);
      expect((await session.client.get('/api/v1/me')).status).toBe(200);
      // `kantine ldap-sync --dry-run` runs the same code with its own connection to the database.
      const cli = await ldapSync(test.app.kantine.config, true);
      expect(cli).toMatchObject({ dryRun: true, deactivated: 1, created: 0, updated: 0 });
      expect((await session.client.get('/api/v1/me')).status).toBe(200);

      const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(sync.body).toMatchObject({ deactivated: 1, created: 0 });
      expect(await countUsers()).toBe(before);
      const profile = await admin.get(`/api/v1/users/${await userIdOf('p0010')}`);
      expect(profile.body.active).toBe(false);
      expect((await session.client.get('/api/v1/me')).status).toBe(401);
      expect((await login('p0010', 'pw-p0010')).response.status).toBe(401);
      // Local administrators are never touched by the directory.
      expect((await login(adminCredentials.email, adminCredentials.password)).response.status).toBe(200);

      await slapd.modify(
        `dn: ${personDn(10)}\nchangetype: add\n${personLdif(10).split('\n').slice(1).join('\n')}`,
      );
      const back = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(back.body).toMatchObject({ reactivated: 1, deactivated: 0, created: 0 });
      expect((await admin.get(`/api/v1/users/${await userIdOf('p0010')}`)).body.active).toBe(true);
      expect((await login('p0010', 'pw-p0010')).response.status).toBe(200);
    },
    SLOW,
  );

  it(
    'refuses people an administrator deactivated, and the sync does not bring them back',
    async () => {
      const id = await userIdOf('p0012');
      expect((await admin.post(`/api/v1/users/${id}/deactivate`)).status).toBe(200);
      expect((await login('p0012', 'pw-p0012')).response.status).toBe(401);
      const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(sync.body).toMatchObject({ reactivated: 0, deactivated: 0 });
      expect((await admin.get(`/api/v1/users/${id}`)).body.active).toBe(false);
      expect((await login('p0012@example.com', 'pw-p0012')).response.status).toBe(401);
    },
    SLOW,
  );

  it(
    'speaks StartTLS and LDAPS with the directory’s certificate authority',
    async () => {
      await admin.put('/api/v1/admin/identity/ldap', settings({ startTls: true }));
      const untrusted = await admin.post('/api/v1/admin/identity/ldap/test');
      expect(untrusted.body).toMatchObject({ ok: false, failedStep: 'tls' });

      await admin.put('/api/v1/admin/identity/ldap', settings({ startTls: true, caCert: slapd.certificate }));
      const startTls = await admin.post('/api/v1/admin/identity/ldap/test');
      expect(startTls.body, startTls.body.message).toMatchObject({ ok: true, users: PEOPLE });
      expect((await login('p0020', 'pw-p0020')).response.status).toBe(200);

      await admin.put(
        '/api/v1/admin/identity/ldap',
        settings({ url: slapd.ldapsUrl, caCert: slapd.certificate }),
      );
      const ldaps = await admin.post('/api/v1/admin/identity/ldap/test');
      expect(ldaps.body).toMatchObject({ ok: true, users: PEOPLE });
      expect((await login('p0021@example.com', 'pw-p0021')).response.status).toBe(200);
      const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
      expect(sync.body).toMatchObject({ created: 0, deactivated: 0, errors: [] });
    },
    SLOW,
  );

  it('keeps local logins working while the directory is down; a sync then fails cleanly', async () => {
    await admin.put('/api/v1/admin/identity/ldap', settings({ url: 'ldap://127.0.0.1:1' }));
    expect((await login(adminCredentials.email, adminCredentials.password)).response.status).toBe(200);
    expect((await login('p0020', 'pw-p0020')).response.status).toBe(401);
    const sync = await admin.post('/api/v1/admin/identity/ldap/sync');
    expect(sync.status).toBe(502);
    expect(sync.body.error.code).toBe('ldap_unavailable');
    // Nobody was deactivated because the directory could not be read.
    expect((await admin.get(`/api/v1/users/${await userIdOf('p0020')}`)).body.active).toBe(true);
  });
});
