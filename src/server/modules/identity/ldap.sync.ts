import type { LdapSyncResult, LdapTestResult } from '../../../shared/api/ldap.js';
import type { AppContext } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import { isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { membershipsChanged } from '../access/memberships.js';
import {
  DirectoryError,
  type DirectoryGroup,
  normalDn,
  openServiceConnection,
  personFromEntry,
  searchGroups,
  searchPeople,
} from './ldap.client.js';
import {
  applyManager,
  applyMemberships,
  applyPerson,
  changeOf,
  deactivatePerson,
  type PersonPlan,
  planPerson,
  spacesForGroups,
} from './ldap.people.js';
import * as repo from './ldap.repo.js';
import { isLdapUsable, type LdapConfig, loadLdapConfig } from './ldap.settings.js';

const BATCH = 200;
const MAX_CHANGES_LISTED = 500;
/** How long a sync may hold its claim before another node assumes it died and may start again. */
const CLAIM = 30 * MINUTE;

/** Connect, bind as the service account and count people and groups; says which step failed. */
export async function testLdapConnection(ctx: AppContext): Promise<LdapTestResult> {
  const config = await loadLdapConfig(ctx);
  if (!config.url || !config.usersBaseDn)
    throw fail.badRequest('ldap_incomplete', 'Enter the server address and the users base DN first.');
  let client: Awaited<ReturnType<typeof openServiceConnection>> | undefined;
  try {
    client = await openServiceConnection(config);
    const users = await searchPeople(client, config);
    const groups = config.groupsBaseDn ? (await searchGroups(client, config)).length : null;
    return {
      ok: true,
      failedStep: null,
      message: `Connected and bound; ${users.length} people${groups === null ? '' : ` and ${groups} groups`} found.`,
      users: users.length,
      groups,
    };
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return { ok: false, failedStep: error.step, message: error.message, users: null, groups: null };
  } finally {
    await client?.unbind().catch(() => {});
  }
}

interface DirectoryRead {
  people: ReturnType<typeof personFromEntry>[];
  dns: string[];
  groups: DirectoryGroup[];
}

async function readDirectory(config: LdapConfig): Promise<DirectoryRead> {
  const client = await openServiceConnection(config);
  try {
    const entries = await searchPeople(client, config);
    const groups = await searchGroups(client, config);
    return {
      people: entries.map((entry) => personFromEntry(config, entry)),
      dns: entries.map((entry) => entry.dn),
      groups,
    };
  } finally {
    await client.unbind().catch(() => {});
  }
}

const unavailable = (error: DirectoryError) =>
  new AppError(502, 'ldap_unavailable', `The directory could not be read: ${error.message}`);

/**
 * Brings Kantine's people in line with the directory: creates, updates, reactivates and (for
 * people who came from the directory and are gone from it) deactivates. Never deletes anyone and
 * never touches local or SCIM/OIDC accounts. A dry run reads the same and writes nothing.
 */
export async function syncLdap(ctx: AppContext, options: { dryRun: boolean }): Promise<LdapSyncResult> {
  const config = await loadLdapConfig(ctx);
  if (!isLdapUsable(config))
    throw fail.badRequest('ldap_incomplete', 'The directory is not set up or not switched on.');
  let read: DirectoryRead;
  try {
    read = await readDirectory(config);
  } catch (error) {
    if (error instanceof DirectoryError) throw unavailable(error);
    throw error;
  }
  const { db } = ctx.database;
  const result: LdapSyncResult = {
    dryRun: options.dryRun,
    created: 0,
    updated: 0,
    reactivated: 0,
    deactivated: 0,
    errors: [],
    changes: [],
  };
  const note = (change: LdapSyncResult['changes'][number]) => {
    if (result.changes.length < MAX_CHANGES_LISTED) result.changes.push(change);
  };
  const links = new Map((await repo.listLdapPeople(db)).map((row) => [row.username.toLowerCase(), row]));
  const byEmail = await repo.findUsersByEmails(
    db,
    read.people.flatMap((person) =>
      typeof person !== 'string' && person.email && !links.has(person.username.toLowerCase())
        ? [person.email]
        : [],
    ),
  );
  const plans: PersonPlan[] = [];
  const present = new Set<string>();
  const emails = new Set<string>();
  for (const [index, person] of read.people.entries()) {
    const dn = read.dns[index] ?? '';
    if (typeof person === 'string') {
      result.errors.push({ dn, message: person });
      continue;
    }
    const key = person.username.toLowerCase();
    if (present.has(key)) {
      result.errors.push({ dn, message: `${person.username} appears twice in the directory` });
      continue;
    }
    if (person.disabled) continue;
    present.add(key);
    if (person.email && emails.has(person.email)) {
      result.errors.push({ dn, message: `${person.email} belongs to two directory entries` });
      continue;
    }
    if (person.email) emails.add(person.email);
    const plan = await planPerson(db, person, links.get(key), byEmail);
    if (typeof plan === 'string') result.errors.push({ dn, message: plan });
    else plans.push(plan);
  }
  // Who is gone: people the directory gave and no longer lists. An empty answer is no reason to
  // deactivate everyone (a wrong base DN looks like that) — that needs at least one person found.
  const gone = [...links.values()].filter(
    (link) => !present.has(link.username.toLowerCase()) && link.status === 'active',
  );
  const leaving = present.size === 0 ? [] : gone.filter((link) => link.role !== 'admin');
  if (present.size === 0 && gone.length > 0)
    result.errors.push({ dn: config.usersBaseDn, message: 'no people found: nobody was deactivated' });
  for (const link of gone.filter((entry) => entry.role === 'admin'))
    result.errors.push({ dn: link.dn, message: 'administrators are never deactivated by the directory' });

  for (const plan of plans) {
    if (plan.action === 'create') result.created++;
    else if (plan.action === 'update') result.updated++;
    else if (plan.action === 'reactivate') result.reactivated++;
    if (plan.action !== 'none') note(changeOf(plan));
  }
  result.deactivated = leaving.length;
  for (const link of leaving)
    note({ action: 'deactivate', username: link.username, name: link.name, fields: [] });
  if (options.dryRun) return result;

  const now = isoNow(ctx.clock);
  const ids = new Map<PersonPlan, number>();
  for (let start = 0; start < plans.length; start += BATCH) {
    const batch = plans.slice(start, start + BATCH);
    await ctx.database.transaction(async (trx, _afterCommit, emit) => {
      for (const plan of batch) {
        const id = await applyPerson(trx, now, plan);
        ids.set(plan, id);
        if (plan.action !== 'none') emit({ type: 'user.changed', userId: id });
      }
    });
  }
  const idsByDn = new Map<string, number>();
  for (const [plan, id] of ids) idsByDn.set(normalDn(plan.person.dn), id);
  for (const link of links.values())
    if (!idsByDn.has(normalDn(link.dn))) idsByDn.set(normalDn(link.dn), link.user_id);
  let managersChanged = 0;
  await ctx.database.transaction(async (trx) => {
    for (const [plan, id] of ids)
      if (await applyManager(trx, now, id, plan.person.managerDn, idsByDn, plan.managerId)) managersChanged++;
  });
  if (managersChanged > 0) ctx.log.info({ managersChanged }, 'LDAP sync changed manager relations');
  await syncGroups(ctx, config, read.groups, plans, ids, now);
  if (leaving.length > 0)
    await ctx.database.transaction(async (trx, afterCommit, emit) => {
      for (const link of leaving) await deactivatePerson(ctx, trx, afterCommit, emit, link.user_id, now);
    });
  return result;
}

async function syncGroups(
  ctx: AppContext,
  config: LdapConfig,
  groups: DirectoryGroup[],
  plans: PersonPlan[],
  ids: Map<PersonPlan, number>,
  now: string,
) {
  if (!config.groupsBaseDn) return;
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    const spaces = await spacesForGroups(ctx, trx, config, groups, now);
    const wanted = new Map<number, Set<number>>();
    const byMember = new Map<string, number>();
    for (const [plan, id] of ids) {
      byMember.set(normalDn(plan.person.dn), id);
      byMember.set(plan.person.username.toLowerCase(), id);
      wanted.set(id, new Set());
    }
    for (const group of groups) {
      const spaceId = spaces.get(group.dn);
      if (spaceId === undefined) continue;
      for (const member of group.members) {
        const id = byMember.get(member);
        if (id !== undefined) wanted.get(id)?.add(spaceId);
      }
    }
    const scope = new Set(plans.map((plan) => ids.get(plan)).filter((id) => id !== undefined));
    const changed = await applyMemberships(trx, now, wanted, scope);
    for (const spaceId of changed) emit({ type: 'space.changed', spaceId });
    if (changed.size > 0) membershipsChanged(ctx, afterCommit, { spaceIds: [...changed] });
  });
}

/**
 * A sync that holds the cluster-wide claim: manual, command-line and scheduled runs never overlap.
 * `dueAfterMinutes` (scheduled runs) also requires the last start to be that long ago.
 */
export async function claimedSync(ctx: AppContext, options: { dryRun: boolean; dueAfterMinutes?: number }) {
  const { db } = ctx.database;
  const now = isoNow(ctx.clock);
  const dueBefore = options.dueAfterMinutes ? isoIn(ctx.clock, -options.dueAfterMinutes * MINUTE) : null;
  if (options.dryRun) return syncLdap(ctx, options);
  if (!(await repo.claimSync(db, now, isoIn(ctx.clock, CLAIM), dueBefore))) {
    if (dueBefore !== null) return null;
    throw fail.conflict('ldap_sync_running', 'A directory sync is running already. Try again in a moment.');
  }
  let summary: string | null = null;
  try {
    const result = await syncLdap(ctx, options);
    summary = JSON.stringify({
      at: now,
      created: result.created,
      updated: result.updated + result.reactivated,
      deactivated: result.deactivated,
      errors: result.errors.length,
    });
    return result;
  } finally {
    await repo.releaseSync(db, summary);
  }
}

/**
 * Every node checks once a minute whether a scheduled sync is due; the claim lets exactly one run it.
 * Returns the function that stops it.
 */
export function startLdapScheduler(ctx: AppContext): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const config = await loadLdapConfig(ctx);
      if (!isLdapUsable(config) || config.syncIntervalMinutes === 0) return;
      const result = await claimedSync(ctx, { dryRun: false, dueAfterMinutes: config.syncIntervalMinutes });
      if (result)
        ctx.log.info(
          {
            created: result.created,
            updated: result.updated,
            reactivated: result.reactivated,
            deactivated: result.deactivated,
            errors: result.errors.length,
          },
          'scheduled LDAP sync done',
        );
    } catch (error) {
      ctx.log.error({ err: error }, 'scheduled LDAP sync failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), MINUTE);
  timer.unref();
  return () => clearInterval(timer);
}
