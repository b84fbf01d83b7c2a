import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import { membershipsChanged } from '../access/memberships.js';
import * as usersRepo from '../users/users.repo.js';
import {
  checkUserPassword,
  DirectoryError,
  type DirectoryGroup,
  type DirectoryPerson,
  findLoginEntry,
  normalDn,
  openServiceConnection,
  personFromEntry,
  searchGroups,
} from './ldap.client.js';
import { applyManager, applyMemberships, applyPerson, planPerson, spacesForGroups } from './ldap.people.js';
import * as repo from './ldap.repo.js';
import { isLdapUsable, type LdapConfig, loadLdapConfig } from './ldap.settings.js';

/**
 * Login with directory credentials: finds the person's DN with the service account (by user name
 * or e-mail), binds as that DN with the password, then creates or updates the person just in time.
 * Returns the person's id, or null for every refusal (unknown, wrong password, deactivated,
 * directory down) — the caller answers all of them alike, and local accounts keep working.
 */
export async function directoryLogin(
  ctx: AppContext,
  login: string,
  password: string,
): Promise<number | null> {
  const config = await loadLdapConfig(ctx);
  if (!isLdapUsable(config) || !password) return null;
  let service: Awaited<ReturnType<typeof openServiceConnection>> | undefined;
  try {
    service = await openServiceConnection(config);
    const entry = await findLoginEntry(service, config, login);
    if (!entry) return null;
    const person = personFromEntry(config, entry);
    if (typeof person === 'string' || person.disabled) return null;
    if (!(await checkUserPassword(config, entry.dn, password))) return null;
    const groups = await searchGroups(service, config, person);
    try {
      return await upsertFromDirectory(ctx, config, person, groups);
    } catch (error) {
      // A sync may have created the same person a moment ago: plan again against what is there now.
      ctx.log.info({ err: error }, 'directory login: retrying after a conflicting write');
      return await upsertFromDirectory(ctx, config, person, groups);
    }
  } catch (error) {
    if (error instanceof DirectoryError) {
      ctx.log.warn({ step: error.step, err: error.message }, 'directory login: the directory is unavailable');
      return null;
    }
    throw error;
  } finally {
    await service?.unbind().catch(() => {});
  }
}

/** Creates or updates the person behind a successful directory login; null when refused. */
async function upsertFromDirectory(
  ctx: AppContext,
  config: LdapConfig,
  person: DirectoryPerson,
  groups: DirectoryGroup[],
): Promise<number | null> {
  const { db } = ctx.database;
  const [link] = await repo.listLdapPeople(db, { username: person.username });
  if (link && link.status !== 'active' && link.deactivated_by_sync !== 1) return null;
  const plan = await planPerson(db, person, link);
  if (typeof plan === 'string') {
    ctx.log.warn({ dn: person.dn, reason: plan }, 'directory login refused');
    return null;
  }
  if (plan.userId !== null) {
    const current = await usersRepo.findUserById(db, plan.userId);
    // Deactivated by an administrator: refused like any deactivated account. (Deactivated by a
    // sync and back in the directory: reactivated, as the next sync would.)
    if (current?.status !== 'active' && plan.action !== 'reactivate') return null;
  }
  const now = isoNow(ctx.clock);
  return ctx.database.transaction(async (trx, afterCommit, emit) => {
    const id = await applyPerson(trx, now, plan);
    // The directory's groups may have changed this person's spaces.
    if (config.groupsBaseDn) membershipsChanged(ctx, afterCommit, { userIds: [id] });
    if (person.managerDn) {
      const [manager] = await repo.listLdapPeople(trx, { dn: normalDn(person.managerDn) });
      await applyManager(
        trx,
        now,
        id,
        person.managerDn,
        new Map(manager ? [[normalDn(manager.dn), manager.user_id]] : []),
      );
    }
    if (config.groupsBaseDn) {
      const spaces = await spacesForGroups(ctx, trx, config, groups, now);
      const wanted = new Set([...spaces.values()]);
      await applyMemberships(trx, now, new Map([[id, wanted]]), new Set([id]));
    }
    if (plan.action !== 'none') emit({ type: 'user.changed', userId: id });
    return id;
  });
}
