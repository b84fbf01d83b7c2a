import type { CreatePersonBody } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { placeholderEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson, getProfile } from '../users/users.service.js';
import * as repo from './identity.repo.js';

export const mayManagePeople = (viewer: Viewer) => viewer.role === 'admin';

/**
 * Creates a person, with or without e-mail: staff on the shop floor get a personnel number and an
 * access code instead. Nobody needs a private phone number or address.
 */
export async function createStaffMember(ctx: AppContext, viewer: Viewer, body: CreatePersonBody) {
  if (!mayManagePeople(viewer)) throw fail.forbidden('Only administrators may create people.');
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (body.personnelNumber && (await repo.findUserByPersonnelNumber(trx, body.personnelNumber)))
      throw fail.conflict('personnel_number_taken', 'This personnel number already belongs to someone.');
    if (body.managerId !== undefined && !(await usersRepo.findUserById(trx, body.managerId)))
      throw fail.badRequest('unknown_manager', 'The chosen manager does not exist.');
    const userId = await createPerson(trx, now, {
      email: body.email ?? placeholderEmail(`staff-${newSecret(9)}`),
      name: body.name,
      password: null,
      role: 'member',
      title: body.title,
      department: body.department,
      location: body.location,
      managerId: body.managerId ?? null,
    });
    if (body.personnelNumber) await repo.setPersonnelNumber(trx, userId, body.personnelNumber);
    emit({ type: 'user.changed', userId });
    return userId;
  });
  return { ...(await getProfile(ctx, viewer, id)), personnelNumber: body.personnelNumber ?? null };
}
