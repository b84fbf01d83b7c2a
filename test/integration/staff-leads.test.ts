import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

/**
 * Team leads for staff without e-mail: an admin gives the right (`PATCH /api/v1/admin/users/:id
 * {staffLead}`); the lead creates colleagues (reporting to them) and prints access codes only for
 * plain members without e-mail below them in the manager chain.
 */
describe('team leads create staff without e-mail and print their access codes', () => {
  let test: TestApp;
  let admin: TestClient;
  let lead: Awaited<ReturnType<typeof createMember>>;
  let other: Awaited<ReturnType<typeof createMember>>;
  let reportId: number;
  let subReportId: number;

  const codesFor = (client: TestClient, userIds: number[]) =>
    client.post('/api/v1/admin/access-codes', { userIds });
  const countCodes = async () =>
    Number(
      (
        await test.app.kantine.database.db
          .selectFrom('access_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    lead = await createMember(test, admin, { name: 'Lena Leitung' });
    other = await createMember(test, admin, { name: 'Otto Ohnerecht' });
  });
  afterAll(() => test.close());

  it('is a right only admins give, shown in the lead’s permissions and applied at once', async () => {
    expect((await lead.client.get('/api/v1/me')).body.permissions).toMatchObject({ staffLead: false });
    expect((await lead.client.post('/api/v1/admin/people', { name: 'Früh' })).status).toBe(403);
    const refused = await other.client.patch(`/api/v1/admin/users/${lead.user.id}`, { staffLead: true });
    expect(refused.status).toBe(403);
    const given = await admin.patch(`/api/v1/admin/users/${lead.user.id}`, { staffLead: true });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ id: lead.user.id, staffLead: true });
    expect((await lead.client.get('/api/v1/me')).body.permissions).toMatchObject({ staffLead: true });
    expect((await admin.get('/api/v1/me')).body.permissions).toMatchObject({ staffLead: true });
    expect((await admin.patch('/api/v1/admin/users/999999', { staffLead: true })).status).toBe(404);
    expect((await admin.patch(`/api/v1/admin/users/${lead.user.id}`, { staffLead: 'yes' })).status).toBe(400);
  });

  it('creates a report without e-mail (reporting to the lead) and prints codes and the sheet for them', async () => {
    const created = await lead.client.post('/api/v1/admin/people', {
      name: 'Rita Regal',
      personnelNumber: 'L-100',
      department: 'Lager',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Rita Regal',
      email: '',
      role: 'member',
      personnelNumber: 'L-100',
      manager: { id: lead.user.id },
    });
    reportId = created.body.id;
    // Someone below the report is in the lead's team too (the chain counts).
    const sub = await lead.client.post('/api/v1/admin/people', { name: 'Sami Stapler', managerId: reportId });
    expect(sub.status).toBe(201);
    expect(sub.body.manager.id).toBe(reportId);
    subReportId = sub.body.id;

    const codes = await codesFor(lead.client, [reportId, subReportId]);
    expect(codes.status).toBe(201);
    expect(codes.body.codes.map((code: { userId: number }) => code.userId)).toEqual([reportId, subReportId]);
    const sheet = await lead.client.get(`/api/v1/admin/access-codes/sheet?userIds=${reportId}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toContain('text/html');
    expect(sheet.body).toContain('Rita Regal');

    // The code works: the report sets a password and logs in with the personnel number.
    const code = (await codesFor(lead.client, [reportId])).body.codes[0].code;
    const phone = test.client();
    expect((await phone.post('/api/v1/access-codes/redeem', { code })).status).toBe(200);
    expect(
      (await phone.post('/api/v1/access-codes/password', { password: 'regal und ordnung' })).status,
    ).toBe(200);
    const login = await test
      .client()
      .post('/api/v1/session', { email: 'L-100', password: 'regal und ordnung' });
    expect(login.status).toBe(200);
  });

  it('lists the lead’s team for codes, page by page, without colleagues who have e-mail', async () => {
    const withMail = await lead.client.post('/api/v1/admin/people', {
      name: 'Mara Mail',
      email: 'mara@example.com',
    });
    expect(withMail.status).toBe(201);
    const team = await lead.client.get('/api/v1/staff/team');
    expect(team.status).toBe(200);
    expect(team.body.items.map((person: { name: string }) => person.name)).toEqual([
      'Rita Regal',
      'Sami Stapler',
    ]);
    expect(team.body.items[0]).toMatchObject({ id: reportId, personnelNumber: 'L-100' });
    const first = await lead.client.get('/api/v1/staff/team?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await lead.client.get(`/api/v1/staff/team?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].name).toBe('Sami Stapler');
    expect(second.body.nextCursor).toBeNull();
    expect((await lead.client.get('/api/v1/staff/team?cursor=nonsense')).status).toBe(400);
    expect((await other.client.get('/api/v1/staff/team')).status).toBe(403);

    // A colleague with e-mail resets their own password: no codes from the lead.
    const refused = await codesFor(lead.client, [withMail.body.id]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_your_report');
  });

  it('refuses codes for someone else’s report, changing nothing', async () => {
    const elsewhere = await admin.post('/api/v1/admin/people', {
      name: 'Ella Extern',
      managerId: other.user.id,
    });
    expect(elsewhere.status).toBe(201);
    const before = await countCodes();
    const refused = await codesFor(lead.client, [elsewhere.body.id]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_your_report');
    // One outsider in the list refuses the whole list.
    expect((await codesFor(lead.client, [reportId, elsewhere.body.id])).status).toBe(403);
    const sheet = await lead.client.get(`/api/v1/admin/access-codes/sheet?userIds=${elsewhere.body.id}`);
    expect(sheet.status).toBe(403);
    // Unknown ids look the same as outsiders to a lead; an admin is told they do not exist.
    expect((await codesFor(lead.client, [999999])).body.error.code).toBe('not_your_report');
    expect((await codesFor(admin, [999999])).status).toBe(404);
    // Not for the lead themself either.
    expect((await codesFor(lead.client, [lead.user.id])).status).toBe(403);
    expect(await countCodes()).toBe(before);
    // Admins print codes for anyone.
    expect((await codesFor(admin, [elsewhere.body.id])).status).toBe(201);
  });

  it('cannot create an admin or an editor, nor put the person under someone outside the team', async () => {
    const asAdmin = await lead.client.post('/api/v1/admin/people', { name: 'Adam Admin', role: 'admin' });
    expect(asAdmin.status).toBe(403);
    expect((await lead.client.post('/api/v1/admin/people', { name: 'Eddi', role: 'editor' })).status).toBe(
      403,
    );
    const outside = await lead.client.post('/api/v1/admin/people', {
      name: 'Quer',
      managerId: other.user.id,
    });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('not_your_report');
    // Rights are not in the body at all.
    expect((await lead.client.post('/api/v1/admin/people', { name: 'X', staffLead: true })).status).toBe(400);
    const names = await test.app.kantine.database.db.selectFrom('users').select('name').execute();
    expect(names.map((row) => row.name)).not.toContain('Adam Admin');
    expect(names.map((row) => row.name)).not.toContain('Quer');
    // Admins may choose the role.
    const editor = await admin.post('/api/v1/admin/people', { name: 'Erna Editor', role: 'editor' });
    expect(editor.body.role).toBe('editor');
    expect(editor.body.manager).toBeNull();
  });

  it('refuses people without the right, and the lead once the right is taken back', async () => {
    expect((await other.client.post('/api/v1/admin/people', { name: 'Sneaky' })).status).toBe(403);
    expect((await codesFor(other.client, [reportId])).status).toBe(403);
    expect((await other.client.get(`/api/v1/admin/access-codes/sheet?userIds=${reportId}`)).status).toBe(403);
    expect(
      (await admin.patch(`/api/v1/admin/users/${lead.user.id}`, { staffLead: false })).body.staffLead,
    ).toBe(false);
    expect((await codesFor(lead.client, [reportId])).status).toBe(403);
    expect((await lead.client.post('/api/v1/admin/people', { name: 'Spät' })).status).toBe(403);
    const audit = await admin.get('/api/v1/admin/audit');
    expect(JSON.stringify(audit.body)).toContain('identity.staff_lead_revoked');
  });
});
