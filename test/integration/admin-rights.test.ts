import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

/*
 * The rights administrators give per person (users/admin-rights.routes.ts): who has which
 * (GET /api/v1/admin/rights, for the people list of the administration) and changing them.
 */
let test: TestApp;
let admin: TestClient;
let member: Awaited<ReturnType<typeof createMember>>;
let colleague: Awaited<ReturnType<typeof createMember>>;

const holders = async (field: string) => {
  const answer = await admin.get('/api/v1/admin/rights');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items.find((item: { field: string }) => item.field === field)?.userIds as number[];
};

beforeAll(async () => {
  test = await startTestApp();
  ({ admin } = await setUpOrganisation(test));
  member = await createMember(test, admin);
  colleague = await createMember(test, admin);
});

afterAll(async () => test?.close());

describe('rights given per person', () => {
  it('lists who was given which right, to administrators only', async () => {
    expect(await holders('ideasReviewer')).toEqual([]);
    expect(await holders('socialMedia')).toEqual([]);
    expect(await holders('staffLead')).toEqual([]);
    expect((await member.client.get('/api/v1/admin/rights')).status).toBe(403);
    expect((await test.client().get('/api/v1/admin/rights')).status).toBe(401);
  });

  it('gives and takes rights; the list and the audit trail follow', async () => {
    const given = await admin.patch(`/api/v1/admin/users/${member.user.id}`, {
      ideasReviewer: true,
      socialMedia: true,
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body).toMatchObject({ id: member.user.id, ideasReviewer: true, socialMedia: true });
    expect(await holders('ideasReviewer')).toEqual([member.user.id]);
    expect(await holders('socialMedia')).toEqual([member.user.id]);
    expect((await member.client.get('/api/v1/me')).body.permissions.socialMedia).toBe(true);

    const taken = await admin.patch(`/api/v1/admin/users/${member.user.id}`, { socialMedia: false });
    expect(taken.body).toMatchObject({ socialMedia: false });
    expect(taken.body.ideasReviewer).toBeUndefined();
    expect(await holders('socialMedia')).toEqual([]);
    expect(await holders('ideasReviewer')).toEqual([member.user.id]);

    // Giving and taking the reviewer right is on record, and the trail still reads.
    await admin.patch(`/api/v1/admin/users/${member.user.id}`, { ideasReviewer: false });
    const audit = await admin.get('/api/v1/admin/audit');
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['ideas.reviewer_granted', 'ideas.reviewer_revoked']),
    );
    expect(await holders('ideasReviewer')).toEqual([]);
  });

  it('gives and takes the team-lead right (staff without e-mail) the same way', async () => {
    const given = await admin.patch(`/api/v1/admin/users/${member.user.id}`, { staffLead: true });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body).toMatchObject({ id: member.user.id, staffLead: true });
    expect(await holders('staffLead')).toEqual([member.user.id]);
    expect((await member.client.get('/api/v1/me')).body.permissions.staffLead).toBe(true);
    expect((await admin.patch(`/api/v1/admin/users/${member.user.id}`, { staffLead: false })).status).toBe(
      200,
    );
    expect(await holders('staffLead')).toEqual([]);
    expect((await member.client.get('/api/v1/me')).body.permissions.staffLead).toBe(false);
  });

  it('refuses bad requests and changes nothing', async () => {
    expect((await admin.patch(`/api/v1/admin/users/${colleague.user.id}`, {})).status).toBe(400);
    expect((await admin.patch(`/api/v1/admin/users/${colleague.user.id}`, { colour: true })).status).toBe(
      400,
    );
    expect(
      (await admin.patch(`/api/v1/admin/users/${colleague.user.id}`, { ideasReviewer: 'yes' })).status,
    ).toBe(400);
    expect((await admin.patch('/api/v1/admin/users/999999', { ideasReviewer: true })).status).toBe(404);
    const refused = await member.client.patch(`/api/v1/admin/users/${colleague.user.id}`, {
      ideasReviewer: true,
    });
    expect(refused.status).toBe(403);
    expect(await holders('ideasReviewer')).toEqual([]);
    expect(await holders('socialMedia')).toEqual([]);
  });
});
