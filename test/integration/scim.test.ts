import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('SCIM 2.0 provisioning', () => {
  let test: TestApp;
  let admin: TestClient;
  let token: string;

  /** A SCIM client as Entra ID and Okta are: bearer token, application/scim+json, no cookies. */
  async function scim(method: string, path: string, body?: unknown, bearer = token) {
    const response = await fetch(`${test.baseUrl}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : null,
    };
  }

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    const created = await admin.post('/api/v1/admin/scim-tokens', { name: 'Entra ID' });
    expect(created.status).toBe(201);
    token = created.body.token;
  });
  afterAll(() => test.close());

  it('creates tokens for admins only, shown once; requests without a valid token are refused', async () => {
    const member = await createMember(test, admin);
    expect((await member.client.post('/api/v1/admin/scim-tokens', { name: 'x' })).status).toBe(403);
    const listed = await admin.get('/api/v1/admin/scim-tokens');
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'Entra ID' })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const refused = await scim('GET', '/Users', undefined, 'wrong');
    expect(refused.status).toBe(401);
    expect(refused.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    // A person's own access token is no provisioning token.
    const personal = await member.client.post('/api/v1/tokens', { name: 'mine', scope: 'write' });
    expect((await scim('GET', '/Users', undefined, personal.body.token)).status).toBe(401);
  });

  it('describes itself: ServiceProviderConfig, Schemas, ResourceTypes', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.type).toContain('application/scim+json');
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
    const schemas = await scim('GET', '/Schemas');
    const ids = schemas.body.Resources.map((schema: { id: string }) => schema.id);
    expect(ids).toEqual(expect.arrayContaining([USER, GROUP, ENTERPRISE]));
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((type: { name: string }) => type.name).sort()).toEqual(['Group', 'User']);
  });

  it('provisions a user the way Entra ID does (documented requests)', async () => {
    const userName = 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1';
    const lookup = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName,
      active: true,
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    });
    const id = created.body.id;
    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);
    expect((await scim('POST', '/Users', { schemas: [USER], userName })).status).toBe(409);

    const renamed = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
    const multi = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Logistik' },
      ],
    });
    expect(multi.status).toBe(200);
    const profile = await admin.get(`/api/v1/users/${id}`);
    expect(profile.body).toMatchObject({
      email: 'updatedemail@microsoft.com',
      department: 'Logistik',
      role: 'member',
    });

    const manager = await createMember(test, admin, { name: 'Mara Manager' });
    const managed = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: String(manager.user.id) }],
    });
    expect(managed.status).toBe(200);
    expect((await admin.get(`/api/v1/users/${id}`)).body.manager.id).toBe(manager.user.id);

    const disabled = await scim('PATCH', `/Users/${id}`, {
      Operations: [{ op: 'Replace', path: 'active', value: false }],
      schemas: [PATCH_OP],
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await admin.get(`/api/v1/users/${id}`)).body.active).toBe(false);
  });

  it('provisions the way Okta does, and DELETE deactivates without deleting', async () => {
    const lookup = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`,
    );
    expect(lookup.body.totalResults).toBe(0);
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await admin.get(`/api/v1/users/${id}`)).body).toMatchObject({
      name: 'Test User',
      email: 'test.user@okta.local',
    });

    const put = await scim('PUT', `/Users/${id}`, {
      schemas: [USER],
      id,
      userName: 'test.user@okta.local',
      name: { givenName: 'Another', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Another User',
      active: true,
      title: 'Schichtführer',
    });
    expect(put.status).toBe(200);
    expect((await admin.get(`/api/v1/users/${id}`)).body).toMatchObject({
      name: 'Another User',
      title: 'Schichtführer',
    });

    const deactivated = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const reactivated = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivated.body.active).toBe(true);

    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    const after = await scim('GET', `/Users/${id}`);
    expect(after.status).toBe(200);
    expect(after.body.active).toBe(false);
    expect((await admin.get(`/api/v1/users/${id}`)).body.active).toBe(false);
    expect((await scim('GET', '/Users/999999')).status).toBe(404);
  });

  it('links people who were here before provisioning by their e-mail', async () => {
    const existing = await createMember(test, admin, { email: 'vorher@example.com', name: 'Vera Vorher' });
    const lookup = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "vorher@example.com"')}`,
    );
    expect(lookup.body.totalResults).toBe(1);
    expect(lookup.body.Resources[0].id).toBe(String(existing.user.id));
  });

  it('maps groups to spaces (existing by name, or new and private) and grants nothing else', async () => {
    // One after the other: accepting invitations at the same moment is not what this test is about.
    const people = [await createMember(test, admin), await createMember(test, admin)];
    const [first, second] = people.map((person) => String(person.user.id));
    const existingSpace = await admin.post('/api/v1/spaces', { name: 'Vertrieb', visibility: 'public' });

    // Entra ID: group with its own extra schema, then members added and removed.
    const entraGroup = await scim('POST', '/Groups', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Vertrieb',
      meta: { resourceType: 'Group' },
    });
    expect(entraGroup.status).toBe(201);
    const groupId = entraGroup.body.id;
    const added = await scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: first },
            { $ref: null, value: second },
          ],
        },
      ],
    });
    expect([200, 204]).toContain(added.status);
    const members = await admin.get(`/api/v1/spaces/${existingSpace.body.id}/members`);
    const memberIds = members.body.items.map((item: { user: { id: number } }) => String(item.user.id));
    expect(memberIds).toEqual(expect.arrayContaining([first, second]));
    const removed = await scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: second }] }],
    });
    expect([200, 204]).toContain(removed.status);
    const group = await scim('GET', `/Groups/${groupId}`);
    expect(group.body.members.map((member: { value: string }) => member.value)).toEqual([first]);

    // Okta: a new group becomes a new private space; members removed by filter path.
    const oktaGroup = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Test SCIMv2',
      members: [],
    });
    expect(oktaGroup.status).toBe(201);
    await scim('PATCH', `/Groups/${oktaGroup.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: second, display: 'second' }] }],
    });
    const spaces = await admin.get('/api/v1/spaces?q=SCIMv2');
    const space = spaces.body.items.find((item: { name: string }) => item.name === 'Test SCIMv2');
    expect(space.visibility).toBe('private');
    const renamed = await scim('PATCH', `/Groups/${oktaGroup.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id: oktaGroup.body.id, displayName: 'Test SCIMv2 neu' } }],
    });
    expect([200, 204]).toContain(renamed.status);
    const gone = await scim('PATCH', `/Groups/${oktaGroup.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${second}"]` }],
    });
    expect([200, 204]).toContain(gone.status);
    const filtered = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Vertrieb"')}`);
    expect(filtered.body.totalResults).toBe(1);
    expect((await scim('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${groupId}`)).status).toBe(404);
    // The space and its content stay; the memberships the group gave end.
    const afterDelete = await admin.get(`/api/v1/spaces/${existingSpace.body.id}/members`);
    expect(
      afterDelete.body.items.map((item: { user: { id: number } }) => String(item.user.id)),
    ).not.toContain(first);
  });
});
