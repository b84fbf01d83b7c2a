import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import * as usersRepo from '../users/users.repo.js';
import {
  checkUserPassword,
  DirectoryError,
  findLoginEntry,
  normalDn,
  openServiceConnection,
  personFromEntry,
  searchGroups,
} from './ldap.client.js';
import { applyManager, applyMemberships, applyPerson, planPerson, spacesForGroups } from './ldap.people.js';
import * as repo from './ldap.repo.js';
import { isLdapUsable, loadLdapConfig } from './ldap.settings.js';

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
      // Deactivated by an administrator (or by a sync and not back yet): refused like any deactivated account.
      if (current?.status !== 'active' && plan.action !== 'reactivate') return null;
    }
    const now = isoNow(ctx.clock);
    return await ctx.database.transaction(async (trx, afterCommit) => {
      const id = await applyPerson(trx, now, plan);
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
      if (plan.action !== 'none') afterCommit(() => ctx.events.publish({ type: 'user.changed', userId: id }));
      return id;
    });
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
