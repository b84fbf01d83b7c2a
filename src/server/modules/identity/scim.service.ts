import SCIMMY from 'scimmy';
import { searchableText } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { membershipsChanged } from '../access/memberships.js';
import * as authRepo from '../auth/auth.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { placeholderEmail, visibleEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson, endLiveConnections, userSearchText } from '../users/users.service.js';
import * as identityRepo from './identity.repo.js';
import * as repo from './scim.repo.js';

export const SCIM_BASE = '/scim/v2';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Json = Record<string, unknown>;
interface ScimContext {
  ctx: AppContext;
}

const scimError = (status: number, scimType: string | null, message: string) =>
  new SCIMMY.Types.Error(status, scimType as never, message);

const str = (value: unknown, max = 200) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

function toScimUser(row: repo.ScimUserRow): Json {
  const email = visibleEmail(row.email);
  return {
    id: String(row.id),
    userName: row.user_name ?? (email || `user-${row.id}`),
    ...(row.external_id ? { externalId: row.external_id } : {}),
    name: { formatted: row.name },
    displayName: row.name,
    active: row.status === 'active',
    emails: email ? [{ value: email, type: 'work', primary: true }] : [],
    ...(row.title ? { title: row.title } : {}),
    ...(row.phone ? { phoneNumbers: [{ value: row.phone, type: 'work' }] } : {}),
    [ENTERPRISE]: {
      ...(row.personnel_number ? { employeeNumber: row.personnel_number } : {}),
      ...(row.department ? { department: row.department } : {}),
      ...(row.manager_id ? { manager: { value: String(row.manager_id) } } : {}),
    },
    meta: { created: new Date(row.created_at), lastModified: new Date(row.updated_at) },
  };
}

/** The numeric id in `/Users/{id}`; anything else is simply not found. */
function numericId(id: string | undefined) {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) throw scimError(404, null, `Resource ${id} not found`);
  return value;
}

function userNameFilter(filter: unknown): string | null {
  const first = Array.isArray(filter) && filter.length === 1 ? (filter[0] as Json) : null;
  const userName = first?.userName;
  return Array.isArray(userName) && userName[0] === 'eq' && typeof userName[1] === 'string'
    ? userName[1]
    : null;
}

async function usersOut(resource: SCIMMY.Resources.User, { ctx }: ScimContext) {
  const { db } = ctx.database;
  if (resource.id) {
    const row = await repo.findScimUser(db, numericId(resource.id));
    if (!row) throw scimError(404, null, `Resource ${resource.id} not found`);
    return toScimUser(row);
  }
  // `userName eq "…"` — what Entra ID and Okta ask before creating anyone — is answered by an index.
  const userName = userNameFilter(resource.filter);
  const rows = userName ? await repo.findScimUsersByUserName(db, userName) : await repo.listScimUsers(db);
  const users = rows.map(toScimUser);
  if (userName) for (const user of users) user.userName = userName;
  return resource.filter ? resource.filter.match(users) : users;
}

function primaryEmail(instance: Json): string | null {
  const emails = Array.isArray(instance.emails) ? (instance.emails as Json[]) : [];
  const chosen =
    emails.find((email) => email.primary === true) ??
    emails.find((email) => email.type === 'work') ??
    emails[0];
  const value = str(chosen?.value, 254)?.toLowerCase() ?? null;
  return value?.includes('@') ? value : null;
}

function personFromScim(instance: Json) {
  const name = (instance.name ?? {}) as Json;
  const enterprise = (instance[ENTERPRISE] ?? {}) as Json;
  const joined = [str(name.givenName, 50), str(name.familyName, 50)].filter(Boolean).join(' ');
  const userName = str(instance.userName, 254);
  if (!userName) throw scimError(400, 'invalidValue', 'userName is required');
  const email = primaryEmail(instance) ?? (userName.includes('@') ? userName.toLowerCase() : null);
  const phones = Array.isArray(instance.phoneNumbers) ? (instance.phoneNumbers as Json[]) : [];
  const managerValue = str((enterprise.manager as Json | undefined)?.value, 20);
  return {
    userName,
    externalId: str(instance.externalId),
    name:
      str(instance.displayName, 100) ??
      str(name.formatted, 100) ??
      (joined || null) ??
      userName.split('@')[0],
    email,
    active:
      instance.active === undefined
        ? true
        : instance.active === true || instance.active === 'True' || instance.active === 'true',
    title: str(instance.title, 100) ?? '',
    department: str(enterprise.department, 100) ?? '',
    phone: (str(phones[0]?.value, 40) ?? '').replace(/[^0-9+()/.\- ]/g, ''),
    personnelNumber: str(enterprise.employeeNumber, 40),
    managerId: managerValue && /^\d+$/.test(managerValue) ? Number(managerValue) : null,
  };
}

/** Creates or updates a person; SCIM never changes anyone's role: it grants nothing. */
async function userIn(resource: SCIMMY.Resources.User, instance: Json, { ctx }: ScimContext) {
  const person = personFromScim(instance);
  const now = isoNow(ctx.clock);
  const userId = await ctx.database.transaction(async (trx, afterCommit, emit) => {
    let id = resource.id ? numericId(resource.id) : null;
    if (id !== null && !(await usersRepo.findUserById(trx, id)))
      throw scimError(404, null, `Resource ${resource.id} not found`);
    if (await repo.userNameTaken(trx, person.userName, id))
      throw scimError(409, 'uniqueness', 'userName is already taken');
    const sameEmail = person.email ? await usersRepo.findUserByEmail(trx, person.email) : undefined;
    if (sameEmail && id !== null && sameEmail.id !== id)
      throw scimError(409, 'uniqueness', 'This e-mail address belongs to someone else');
    if (id === null && sameEmail) {
      // Someone who was here before provisioning started: adopt the account instead of a duplicate.
      if (await repo.findScimUser(trx, sameEmail.id).then((row) => row?.user_name))
        throw scimError(409, 'uniqueness', 'userName is already taken');
      id = sameEmail.id;
    }
    const managerId =
      person.managerId && (await usersRepo.findUserById(trx, person.managerId)) ? person.managerId : null;
    if (id === null) {
      id = await createPerson(trx, now, {
        email: person.email ?? placeholderEmail(`scim-${newSecret(9)}`),
        name: person.name,
        password: null,
        role: 'member',
        title: person.title,
        department: person.department,
        phone: person.phone,
        managerId: managerId === id ? null : managerId,
      });
    }
    const current = await usersRepo.findUserById(trx, id);
    if (!current) throw scimError(404, null, `Resource ${id} not found`);
    const fields = {
      name: person.name,
      handle: current.handle,
      title: person.title,
      department: person.department,
      location: current.location,
      email: person.email ?? current.email,
      skills: [] as string[],
    };
    const deactivate = !person.active && current.status === 'active';
    if (deactivate && current.role === 'admin' && (await usersRepo.countActiveAdmins(trx)) <= 1)
      throw scimError(409, 'mutability', 'The last administrator cannot be deactivated');
    await usersRepo.updateUser(trx, id, {
      name: person.name,
      email: fields.email,
      title: person.title,
      department: person.department,
      phone: person.phone,
      manager_id: managerId === id ? null : managerId,
      search_text: userSearchText({ ...fields, skills: JSON.parse(current.skills || '[]') as string[] }),
      status: person.active ? 'active' : 'deactivated',
      deactivated_at: person.active ? null : (current.deactivated_at ?? now),
      updated_at: now,
    });
    if (person.personnelNumber !== null) {
      const holder = await identityRepo.findUserByPersonnelNumber(trx, person.personnelNumber);
      if (holder && holder.id !== id)
        throw scimError(409, 'uniqueness', 'employeeNumber belongs to someone else');
      await identityRepo.setPersonnelNumber(trx, id, person.personnelNumber);
    }
    await repo.saveScimUser(trx, id, person.userName, person.externalId);
    const userIdForEffects = id;
    if (deactivate) {
      await authRepo.deleteUserSessions(trx, id);
      afterCommit(() => endLiveConnections(ctx, userIdForEffects));
    }
    emit({ type: 'user.changed', userId: userIdForEffects });
    return id;
  });
  const row = await repo.findScimUser(ctx.database.db, userId);
  if (!row) throw scimError(404, null, 'Resource not found');
  return toScimUser(row);
}

/** DELETE never deletes: the person is deactivated and their content stays. */
async function userGone(resource: SCIMMY.Resources.User, { ctx }: ScimContext) {
  const id = numericId(resource.id);
  const row = await repo.findScimUser(ctx.database.db, id);
  if (!row) throw scimError(404, null, `Resource ${resource.id} not found`);
  await userIn(resource, { ...toScimUser(row), active: false }, { ctx });
}

function toScimGroup(
  group: { id: number; display_name: string; external_id: string | null; created_at: string },
  members: { id: number; name: string }[],
): Json {
  return {
    id: String(group.id),
    displayName: group.display_name,
    ...(group.external_id ? { externalId: group.external_id } : {}),
    members: members.map((member) => ({ value: String(member.id), display: member.name, type: 'User' })),
    meta: { created: new Date(group.created_at), lastModified: new Date(group.created_at) },
  };
}

async function groupsOut(resource: SCIMMY.Resources.Group, { ctx }: ScimContext) {
  const { db } = ctx.database;
  const groups = resource.id
    ? [await repo.findScimGroup(db, numericId(resource.id))].filter((group) => group !== undefined)
    : await repo.listScimGroups(db);
  if (resource.id && groups.length === 0) throw scimError(404, null, `Resource ${resource.id} not found`);
  const members = await repo.groupMembers(
    db,
    groups.map((group) => group.id),
  );
  const out = groups.map((group) =>
    toScimGroup(
      group,
      members.filter((member) => member.group_id === group.id),
    ),
  );
  if (resource.id) return out[0];
  return resource.filter ? resource.filter.match(out) : out;
}

/**
 * A group is a space: the one an admin mapped it to, else the space of the same name, else a new
 * private space (see spaceForGroup, shared with LDAP). Its members are the people the directory put in;
 * only those are removed again.
 */
async function groupIn(resource: SCIMMY.Resources.Group, instance: Json, { ctx }: ScimContext) {
  const displayName = str(instance.displayName, 100);
  if (!displayName) throw scimError(400, 'invalidValue', 'displayName is required');
  const wanted = (Array.isArray(instance.members) ? (instance.members as Json[]) : [])
    .map((member) => Number(member.value))
    .filter((id) => Number.isSafeInteger(id) && id > 0);
  const now = isoNow(ctx.clock);
  const groupId = await ctx.database.transaction(async (trx, afterCommit, emit) => {
    let id = resource.id ? numericId(resource.id) : null;
    let spaceId: number;
    if (id !== null) {
      const group = await repo.findScimGroup(trx, id);
      if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
      spaceId = group.space_id;
      await repo.updateScimGroup(trx, id, displayName, str(instance.externalId));
    } else {
      spaceId = (await spaceForGroup(ctx, trx, displayName, now)) as number;
      id = await repo.insertScimGroup(trx, {
        displayName,
        externalId: str(instance.externalId),
        spaceId,
        now,
      });
    }
    membershipsChanged(ctx, afterCommit, { spaceIds: [spaceId] });
    const existing = new Set((await repo.groupMembers(trx, [id])).map((member) => member.id));
    const people = await usersRepo.findUsersByIds(trx, [...new Set(wanted)]);
    for (const person of people) {
      if (existing.delete(person.id)) continue;
      await repo.addGroupMember(trx, id, person.id);
      const membership = await spacesRepo.findMembership(trx, spaceId, person.id);
      if (membership?.status !== 'member')
        await spacesRepo.upsertMembership(trx, spaceId, person.id, 'member', 'member', now);
    }
    for (const userId of existing) {
      await repo.removeGroupMember(trx, id, userId);
      const membership = await spacesRepo.findMembership(trx, spaceId, userId);
      if (membership?.role === 'member') await spacesRepo.deleteMembership(trx, spaceId, userId);
    }
    emit({ type: 'space.changed', spaceId });
    return id;
  });
  return groupsOut(Object.assign(Object.create(resource), { id: String(groupId), filter: undefined }), {
    ctx,
  });
}

export async function spaceForGroup(
  ctx: AppContext,
  trx: Parameters<typeof repo.findSpaceByName>[0],
  name: string,
  now: string,
) {
  const existing = await repo.findSpaceByName(trx, name);
  if (existing) return existing.id;
  const spaceId = await spacesRepo.insertSpace(trx, {
    name,
    description: '',
    color: '#1f6f5c',
    visibility: 'private',
    mandatory: 0,
    archived_at: null,
    created_by: null,
    search_text: searchableText([name]),
    created_at: now,
    updated_at: now,
  });
  ctx.log.info({ spaceId, name }, 'directory group (SCIM or LDAP) created a private space');
  return spaceId;
}

/** Deleting a group ends the memberships it gave; the space and its content stay. */
async function groupGone(resource: SCIMMY.Resources.Group, { ctx }: ScimContext) {
  await groupIn(resource, { ...(await groupsOut(resource, { ctx })), members: [] }, { ctx });
  await repo.deleteScimGroup(ctx.database.db, numericId(resource.id));
}

let declared = false;

/** SCIMMY keeps its resources in module state: declared once, with handlers that take the app per call. */
export function declareScim() {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    documentationUri: 'https://github.com/kantine',
    patch: true,
    filter: { supported: true, maxResults: 1000 },
    bulk: false,
    sort: false,
    etag: false,
    changePassword: false,
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A SCIM token an administrator created in Kantine',
      },
    ],
  } as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false) as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  for (const resource of [
    SCIMMY.Resources.User,
    SCIMMY.Resources.Group,
    SCIMMY.Resources.ServiceProviderConfig,
    SCIMMY.Resources.ResourceType,
    SCIMMY.Resources.Schema,
  ])
    resource.basepath(SCIM_BASE);
  SCIMMY.Resources.User.egress(usersOut as never)
    .ingress(userIn as never)
    .degress(userGone as never);
  SCIMMY.Resources.Group.egress(groupsOut as never)
    .ingress(groupIn as never)
    .degress(groupGone as never);
}
