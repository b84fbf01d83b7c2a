import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/server/lib/clock.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { decodeQr } from '../helpers/qr.js';

describe('staff without e-mail and access codes', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(() => test.close());

  async function newStaff(fields: Record<string, unknown> = {}) {
    const created = await admin.post('/api/v1/admin/people', { name: 'Olga Oswald', ...fields });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('creates people without e-mail, for admins only, with clear refusals', async () => {
    const manager = await newStaff({ name: 'Mia Meister', personnelNumber: 'P-1000', department: 'Lager' });
    const person = await newStaff({
      name: 'Olga Oswald',
      personnelNumber: 'P-1001',
      title: 'Staplerfahrerin',
      department: 'Lager',
      location: 'Werk 2',
      managerId: manager.id,
    });
    expect(person).toMatchObject({
      name: 'Olga Oswald',
      email: '',
      personnelNumber: 'P-1001',
      title: 'Staplerfahrerin',
      department: 'Lager',
      location: 'Werk 2',
      manager: { id: manager.id },
    });
    const profile = await admin.get(`/api/v1/users/${person.id}`);
    expect(profile.body.email).toBe('');
    const taken = await admin.post('/api/v1/admin/people', { name: 'Other', personnelNumber: 'P-1001' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('personnel_number_taken');
    const badManager = await admin.post('/api/v1/admin/people', { name: 'Other', managerId: 999999 });
    expect(badManager.body.error.code).toBe('unknown_manager');
    expect((await admin.post('/api/v1/admin/people', { name: '' })).status).toBe(400);
    const member = await createMember(test, admin);
    expect((await member.client.post('/api/v1/admin/people', { name: 'Sneaky' })).status).toBe(403);
    expect((await member.client.post('/api/v1/admin/access-codes', { userIds: [person.id] })).status).toBe(
      403,
    );
    const withMail = await newStaff({ name: 'Ella Email', email: 'Ella@Example.com' });
    expect(withMail.email).toBe('ella@example.com');
  });

  it('prints a sheet whose QR code decodes to a link that redeems once into a set-a-password session', async () => {
    const person = await newStaff({ name: 'Paul Packer', personnelNumber: 'P-2001' });
    const sheet = await admin.get(`/api/v1/admin/access-codes/sheet?userIds=${person.id}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toContain('text/html');
    expect(sheet.headers.get('cache-control')).toBe('no-store');
    expect(sheet.body).toContain('Paul Packer');
    expect(sheet.body).toContain('P-2001');
    // Nothing is loaded from elsewhere: no scripts, no addresses but our own (and the SVG namespace).
    expect(sheet.body).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1|www\.w3\.org\/2000\/svg)[a-z]/i);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(sheet.body)?.[0];
    expect(svg).toBeTruthy();
    const url = await decodeQr(svg!);
    expect(url).toMatch(new RegExp(`^${test.baseUrl}/redeem\\?code=[0-9A-Z]{5}-[0-9A-Z]{5}$`));
    const code = new URL(url!).searchParams.get('code')!;
    expect(sheet.body).toContain(code);

    const phone = test.client();
    const redeemed = await phone.post('/api/v1/access-codes/redeem', {
      code: code.toLowerCase().replace('-', ' '),
    });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ id: person.id, name: 'Paul Packer' });
    expect((await phone.get('/api/v1/me')).body.id).toBe(person.id);
    const blocked = await phone.get('/api/v1/spaces');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('credential_required');
    expect((await test.client().post('/api/v1/access-codes/redeem', { code })).body.error.code).toBe(
      'invalid_access_code',
    );

    expect((await phone.post('/api/v1/access-codes/password', { password: 'short' })).status).toBe(400);
    const set = await phone.post('/api/v1/access-codes/password', { password: 'mein eigenes passwort' });
    expect(set.status).toBe(200);
    expect((await phone.get('/api/v1/spaces')).status).toBe(200);
    // A normal session cannot set a password without the current one.
    expect(
      (await phone.post('/api/v1/access-codes/password', { password: 'noch ein passwort' })).status,
    ).toBe(403);

    const login = await test
      .client()
      .post('/api/v1/session', { email: 'P-2001', password: 'mein eigenes passwort' });
    expect(login.status).toBe(200);
    expect(login.body.id).toBe(person.id);
  });

  it('expires codes, ends the other sessions when a new code is issued, and refuses deactivated people', async () => {
    const person = await newStaff({ name: 'Lara Lost', personnelNumber: 'P-3001' });
    const first = await admin.post('/api/v1/admin/access-codes', { userIds: [person.id] });
    expect(first.status).toBe(201);
    expect(first.body.codes).toEqual([
      expect.objectContaining({
        userId: person.id,
        code: expect.any(String),
        url: expect.stringContaining('/redeem?code='),
      }),
    ]);
    const phone = test.client();
    await phone.post('/api/v1/access-codes/redeem', { code: first.body.codes[0].code });
    await phone.post('/api/v1/access-codes/password', { password: 'altes handy passwort' });
    expect((await phone.get('/api/v1/me')).status).toBe(200);

    // Lost phone: a new code ends the old sessions and the earlier code.
    const second = await admin.post('/api/v1/admin/access-codes', { userIds: [person.id] });
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    const third = await admin.post('/api/v1/admin/access-codes', { userIds: [person.id] });
    expect(
      (await test.client().post('/api/v1/access-codes/redeem', { code: second.body.codes[0].code })).status,
    ).toBe(410);

    test.clock.advance(8 * DAY);
    const expired = await test
      .client()
      .post('/api/v1/access-codes/redeem', { code: third.body.codes[0].code });
    expect(expired.status).toBe(410);

    const fresh = await admin.post('/api/v1/admin/access-codes', { userIds: [person.id] });
    expect((await admin.post(`/api/v1/users/${person.id}/deactivate`)).status).toBe(200);
    const refused = await test
      .client()
      .post('/api/v1/access-codes/redeem', { code: fresh.body.codes[0].code });
    expect(refused.status).toBe(410);
    expect((await admin.post('/api/v1/admin/access-codes', { userIds: [person.id] })).status).toBe(400);
    expect(
      (await test.client().post('/api/v1/session', { email: 'P-3001', password: 'altes handy passwort' }))
        .status,
    ).toBe(401);
  });

  it('refuses a sheet requested by another site and unknown people', async () => {
    const person = await newStaff({ name: 'Carl Cross' });
    const crossSite = await admin.request('GET', `/api/v1/admin/access-codes/sheet?userIds=${person.id}`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await admin.get('/api/v1/admin/access-codes/sheet?userIds=abc')).status).toBe(400);
    expect((await admin.post('/api/v1/admin/access-codes', { userIds: [987654] })).status).toBe(404);
  });
});
