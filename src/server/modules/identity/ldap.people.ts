import type { Kysely } from 'kysely';
import type { LdapSyncResult } from '../../../shared/api/ldap.js';
import type { AppContext } from '../../context.js';
import type { AfterCommit, Emit } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { newSecret } from '../../lib/secrets.js';
import * as authRepo from '../auth/auth.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { placeholderEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson, endLiveConnections, userSearchText } from '../users/users.service.js';
import * as identityRepo from './identity.repo.js';
import type { DirectoryGroup, DirectoryPerson } from './ldap.client.js';
import { normalDn } from './ldap.client.js';
import * as repo from './ldap.repo.js';
import type { LdapConfig } from './ldap.settings.js';
import { spaceForGroup } from './scim.service.js';

type Db = Kysely<DB>;
type Change = LdapSyncResult['changes'][number];

/** What a sync (or a login) does with one directory entry. */
export interface PersonPlan {
  person: DirectoryPerson;
  /** null: a new account. */
  userId: number | null;
  action: 'create' | 'update' | 'reactivate' | 'none';
  fields: string[];
  /** The directory link must be written (new, or the entry moved to another DN). */
  relink: boolean;
  /** The manager the account has now (null for new accounts), so unchanged ones cost no query. */
  managerId: number | null;
}

const profileFields = ['name', 'title', 'department', 'location', 'phone'] as const;

/**
 * Compares a directory entry with the account it is linked to (or would be linked to: the account
 * with the same e-mail, so people who were here before the directory are adopted, not duplicated).
 * Returns a message instead when the entry cannot be taken over.
 */
export async function planPerson(
  db: Db,
  person: DirectoryPerson,
  link: repo.LdapPersonRow | undefined,
  /** Accounts by e-mail looked up beforehand (a sync); otherwise each is asked for. */
  byEmail?: Map<string, Awaited<ReturnType<typeof usersRepo.findUserByEmail>>>,
): Promise<PersonPlan | string> {
  let current: Omit<repo.LdapPersonRow, 'username' | 'dn'> | undefined = link;
  if (!current && person.email) {
    const sameEmail = byEmail ? byEmail.get(person.email) : await usersRepo.findUserByEmail(db, person.email);
    if (sameEmail) {
      if (await repo.findLdapUserById(db, sameEmail.id))
        return 'the e-mail address belongs to another directory account';
      if (await repo.isProvisionedElsewhere(db, sameEmail.id))
        return 'the e-mail address belongs to a person provisioned by SCIM';
      current = { ...sameEmail, user_id: sameEmail.id, deactivated_by_sync: 0 };
    }
  }
  if (!current) return { person, userId: null, action: 'create', fields: [], relink: true, managerId: null };
  const fields: string[] = [];
  for (const field of profileFields) {
    const wanted = person[field];
    if (wanted !== undefined && wanted !== current[field]) fields.push(field);
  }
  if (person.email && person.email !== current.email) {
    if (await usersRepo.emailTaken(db, person.email, current.user_id))
      return 'the e-mail address belongs to someone else';
    fields.push('email');
  }
  if (person.personnelNumber !== undefined && person.personnelNumber !== current.personnel_number) {
    const holder = person.personnelNumber
      ? await identityRepo.findUserByPersonnelNumber(db, person.personnelNumber)
      : undefined;
    if (holder && holder.id !== current.user_id) return 'the personnel number belongs to someone else';
    fields.push('personnelNumber');
  }
  if (!link) fields.push('link');
  const reactivate = current.status !== 'active' && current.deactivated_by_sync === 1;
  return {
    person,
    userId: current.user_id,
    action: reactivate ? 'reactivate' : fields.length > 0 ? 'update' : 'none',
    fields,
    relink: !link || link.dn !== normalDn(person.dn) || link.username !== person.username,
    managerId: current.manager_id,
  };
}

/** Writes one plan inside the caller's transaction; returns the person's id. Never changes roles. */
export async function applyPerson(trx: Db, now: string, plan: PersonPlan): Promise<number> {
  const { person } = plan;
  let id = plan.userId;
  if (id === null) {
    id = await createPerson(trx, now, {
      email: person.email ?? placeholderEmail(`ldap-${newSecret(9)}`),
      name: person.name,
      password: null,
      role: 'member',
      title: person.title,
      department: person.department,
      location: person.location,
      phone: person.phone,
    });
    if (person.personnelNumber) await identityRepo.setPersonnelNumber(trx, id, person.personnelNumber);
  } else if (plan.action !== 'none') {
    const current = await usersRepo.findUserById(trx, id);
    if (!current) throw new Error(`person ${id} vanished during the sync`);
    const fields = {
      name: person.name,
      handle: current.handle,
      title: person.title ?? current.title,
      department: person.department ?? current.department,
      location: person.location ?? current.location,
      email: person.email ?? current.email,
    };
    await usersRepo.updateUser(trx, id, {
      ...fields,
      phone: person.phone ?? current.phone,
      search_text: userSearchText({ ...fields, skills: JSON.parse(current.skills || '[]') as string[] }),
      ...(plan.action === 'reactivate' ? { status: 'active' as const, deactivated_at: null } : {}),
      updated_at: now,
    });
    if (person.personnelNumber !== undefined)
      await identityRepo.setPersonnelNumber(trx, id, person.personnelNumber);
  }
  if (plan.relink || plan.action === 'reactivate')
    await repo.saveLdapUser(trx, id, person.username, normalDn(person.dn), now);
  return id;
}

/** The manager a directory entry names, when that manager is a person Kantine knows from the directory. */
export async function applyManager(
  trx: Db,
  now: string,
  userId: number,
  managerDn: string | null | undefined,
  idsByDn: Map<string, number>,
  /** The manager as planned; undefined: look it up. */
  currentManagerId?: number | null,
) {
  if (managerDn === undefined) return false;
  const managerId = managerDn ? (idsByDn.get(normalDn(managerDn)) ?? null) : null;
  if (currentManagerId !== undefined && currentManagerId === managerId) return false;
  const current = await usersRepo.findUserById(trx, userId);
  if (!current || current.manager_id === managerId) return false;
  // A loop (A reports to B reports to A) is left out rather than written.
  if (
    managerId !== null &&
    (managerId === userId || (await usersRepo.managerChainContains(trx, managerId, userId)))
  )
    return false;
  await usersRepo.updateUser(trx, userId, { manager_id: managerId, updated_at: now });
  return true;
}

/**
 * The space each group stands for: the one an admin mapped it to, else (when switched on) the
 * space of the same name, created private when missing — as with SCIM. In a dry run nothing is created.
 */
export async function spacesForGroups(
  ctx: AppContext,
  trx: Db,
  config: LdapConfig,
  groups: DirectoryGroup[],
  now: string,
) {
  const spaces = new Map<string, number>();
  for (const group of groups) {
    const mapping = config.groupMappings.find(
      (entry) =>
        entry.group.toLowerCase() === group.name.toLowerCase() ||
        normalDn(entry.group) === normalDn(group.dn),
    );
    if (mapping) {
      if (await spacesRepo.findSpace(trx, mapping.spaceId)) spaces.set(group.dn, mapping.spaceId);
    } else if (config.groupsToSpaces) {
      spaces.set(group.dn, await spaceForGroup(ctx, trx, group.name, now));
    }
  }
  return spaces;
}

/**
 * Makes the memberships the directory gives match `wanted` for the people in `scope`. Only
 * memberships a sync gave are taken away again, and only plain member ones (never a space admin's).
 */
export async function applyMemberships(
  trx: Db,
  now: string,
  wanted: Map<number, Set<number>>,
  scope: Set<number>,
) {
  const given = new Map<number, Set<number>>();
  for (const row of await repo.listLdapMemberships(trx)) {
    if (!scope.has(row.user_id)) continue;
    if (!given.has(row.user_id)) given.set(row.user_id, new Set());
    given.get(row.user_id)?.add(row.space_id);
  }
  const changedSpaces = new Set<number>();
  for (const [userId, spaceIds] of wanted) {
    for (const spaceId of spaceIds) {
      if (given.get(userId)?.has(spaceId)) continue;
      const membership = await spacesRepo.findMembership(trx, spaceId, userId);
      if (membership?.status !== 'member') {
        await spacesRepo.upsertMembership(trx, spaceId, userId, 'member', 'member', now);
        changedSpaces.add(spaceId);
      }
      await repo.addLdapMembership(trx, spaceId, userId);
    }
  }
  for (const [userId, spaceIds] of given) {
    for (const spaceId of spaceIds) {
      if (wanted.get(userId)?.has(spaceId)) continue;
      const membership = await spacesRepo.findMembership(trx, spaceId, userId);
      if (membership?.role === 'member') {
        await spacesRepo.deleteMembership(trx, spaceId, userId);
        changedSpaces.add(spaceId);
      }
      await repo.removeLdapMembership(trx, spaceId, userId);
    }
  }
  return changedSpaces;
}

/** Like an administrator's deactivation: sessions end at once, the content stays. */
export async function deactivatePerson(
  ctx: AppContext,
  trx: Db,
  afterCommit: AfterCommit,
  emit: Emit,
  userId: number,
  now: string,
) {
  await usersRepo.updateUser(trx, userId, { status: 'deactivated', deactivated_at: now, updated_at: now });
  await repo.markDeactivatedBySync(trx, userId);
  await authRepo.deleteUserSessions(trx, userId);
  emit({ type: 'user.changed', userId, change: 'deactivated' });
  afterCommit(() => endLiveConnections(ctx, userId));
}

export function changeOf(plan: PersonPlan): Change {
  return {
    action: plan.action === 'none' ? 'update' : plan.action,
    username: plan.person.username,
    name: plan.person.name,
    fields: plan.fields,
  };
}
