import type { CreatePersonBody } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { mayChooseNewPersonManager, mayCreateStaff, mayGiveNewPersonRole } from '../access/rules.js';
import { refuseAdminWithoutSecondFactor } from '../second-factor/second-factor.service.js';
import { placeholderEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson, getProfile } from '../users/users.service.js';
import * as repo from './identity.repo.js';
import { peopleBelowOf, staffActor } from './staff-leads.service.js';

export const mayManagePeople = (viewer: Viewer) => viewer.role === 'admin';

/**
 * Creates a person, with or without e-mail: staff on the shop floor get a personnel number and an
 * access code instead. Nobody needs a private phone number or address. Admins choose anything; a
 * team lead with the right creates members who report to them (or to someone below them).
 */
export async function createStaffMember(ctx: AppContext, viewer: Viewer, body: CreatePersonBody) {
  const actor = await staffActor(ctx, viewer);
  if (!mayCreateStaff(actor))
    throw fail.forbidden('Only administrators and team leads with the right may create people.');
  await refuseAdminWithoutSecondFactor(ctx, viewer);
  const role = body.role ?? 'member';
  if (!mayGiveNewPersonRole(actor, role))
    throw fail.forbidden('Only administrators choose a role other than member.');
  // A team lead's new colleague reports to them unless they name someone below them.
  const managerId = body.managerId ?? (actor.role === 'admin' ? null : actor.id);
  if (
    managerId !== null &&
    actor.role !== 'admin' &&
    !mayChooseNewPersonManager(actor, managerId, (await peopleBelowOf(ctx, actor.id)).has(managerId))
  )
    throw fail.forbidden(
      'A team lead’s new colleague reports to them or to someone in their team.',
      'not_your_report',
    );
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (body.personnelNumber && (await repo.findUserByPersonnelNumber(trx, body.personnelNumber)))
      throw fail.conflict('personnel_number_taken', 'This personnel number already belongs to someone.');
    if (managerId !== null && !(await usersRepo.findUserById(trx, managerId)))
      throw fail.badRequest('unknown_manager', 'The chosen manager does not exist.');
    const userId = await createPerson(trx, now, {
      email: body.email ?? placeholderEmail(`staff-${newSecret(9)}`),
      name: body.name,
      password: null,
      role,
      title: body.title,
      department: body.department,
      location: body.location,
      managerId,
    });
    if (body.personnelNumber) await repo.setPersonnelNumber(trx, userId, body.personnelNumber);
    emit({ type: 'user.changed', userId });
    return userId;
  });
  return { ...(await getProfile(ctx, viewer, id)), personnelNumber: body.personnelNumber ?? null };
}
