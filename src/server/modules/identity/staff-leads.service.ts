import type { z } from 'zod';
import type { StaffTeamMember, staffTeamQuery } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import type { UserRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import {
  mayCreateStaff,
  mayIssueAccessCode,
  peopleBelow,
  type StaffActor,
  type StaffSubject,
} from '../access/rules.js';
import * as auditRepo from '../audit/audit.repo.js';
import type { AdminRight } from '../users/admin-rights.routes.js';
import { toUserSummary, visibleEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './identity.repo.js';

/**
 * Team leads for staff without e-mail: an admin gives the right (`PATCH /api/v1/admin/users/:id
 * {staffLead}`); a lead then creates colleagues (who report to them) and prints access codes for
 * the plain members without e-mail below them in the manager chain. The rules are in access/rules.ts.
 */

/** The viewer as the staff rules see them; the right is read on every request, so it applies at once. */
export async function staffActor(ctx: AppContext, viewer: Viewer): Promise<StaffActor> {
  const row = await repo.findStaffRights(ctx.database.db, viewer.id);
  return { id: viewer.id, role: viewer.role, staffLead: row?.staff_lead === 1 };
}

/** Everyone below the person in the manager chain. */
export async function peopleBelowOf(ctx: AppContext, leadId: number): Promise<Set<number>> {
  return peopleBelow(await repo.managerLinks(ctx.database.db), leadId);
}

/** What the rule needs to know about a person an access code would be printed for. */
export function staffSubject(person: UserRow, below: Set<number>): StaffSubject {
  return {
    role: person.role,
    hasEmail: visibleEmail(person.email) !== '',
    hasRights: person.social_media === 1 || person.staff_lead === 1,
    belowActor: below.has(person.id),
  };
}

/**
 * Refuses unless the actor may print codes for every one of the people (one refusal names no one:
 * a team lead learns nothing about people outside their team).
 */
export async function requireCodesAllowed(ctx: AppContext, actor: StaffActor, people: UserRow[]) {
  if (actor.role === 'admin') return;
  const below = await peopleBelowOf(ctx, actor.id);
  if (people.some((person) => !mayIssueAccessCode(actor, staffSubject(person, below)))) throw notYours();
}

export const notYours = () =>
  fail.forbidden(
    'Team leads print access codes only for colleagues without e-mail in their own team.',
    'not_your_report',
  );

/**
 * The people below the viewer for whom they may print access codes, by name (cursor pagination;
 * the chain is computed in memory from the small users table, the rule decides per person).
 */
export async function staffTeam(ctx: AppContext, viewer: Viewer, query: z.infer<typeof staffTeamQuery>) {
  const actor = await staffActor(ctx, viewer);
  if (!mayCreateStaff(actor))
    throw fail.forbidden('This needs the team-lead right for staff without e-mail.');
  const after = readCursor(query.cursor, ['string', 'number']);
  const below = await peopleBelowOf(ctx, actor.id);
  const people = (await usersRepo.findUsersByIds(ctx.database.db, [...below]))
    .filter((person) => person.status === 'active' && mayIssueAccessCode(actor, staffSubject(person, below)))
    .sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id - b.id)
    .filter((person) => {
      if (!after) return true;
      const order = person.name.localeCompare(after[0], 'de');
      return order > 0 || (order === 0 && person.id > after[1]);
    });
  const page = people.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(
      (person): StaffTeamMember => ({ ...toUserSummary(person), personnelNumber: person.personnel_number }),
    ),
    nextCursor: people.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

/** An administrator gives or takes the team-lead right (recorded in the audit trail). */
export async function setStaffLeadRight(ctx: AppContext, viewer: Viewer, userId: number, on: boolean) {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators give the team-lead right.');
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx) => {
    if (!(await repo.setStaffLead(trx, userId, on, now))) throw fail.notFound('This person does not exist.');
    await auditRepo.insertAuditEntry(trx, {
      actorId: viewer.id,
      action: on ? 'identity.staff_lead_granted' : 'identity.staff_lead_revoked',
      spaceId: null,
      details: { userId },
      now,
    });
  });
  const row = await usersRepo.findUserById(ctx.database.db, userId);
  return { userId, staffLead: row?.role === 'admin' || row?.staff_lead === 1 };
}

/** The team-lead right in the administration's people rights (users/admin-rights.routes.ts). */
export const staffLeadRight: AdminRight = {
  field: 'staffLead',
  summary: 'team lead for staff without e-mail: creates them and prints access codes for their own team',
  set: async (ctx, viewer, userId, on) => (await setStaffLeadRight(ctx, viewer, userId, on)).staffLead,
  holders: (ctx) => repo.staffLeadIds(ctx.database.db),
};
