import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import type { AdminRight } from '../users/admin-rights.routes.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './stories.repo.js';

/** Every desk use case starts here: the social media right (admins have it). */
export async function requireDesk(ctx: AppContext, viewer: Viewer) {
  if (!(await repo.hasDeskRight(ctx.database.db, viewer.id)))
    throw fail.forbidden('This needs the social media right.', 'not_social_desk');
}

/** An administrator gives or takes the desk right (`PATCH /api/v1/admin/users/:id {socialMedia}`). */
export async function setDeskRight(ctx: AppContext, viewer: Viewer, userId: number, on: boolean) {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators give the social media right.');
  // The right is looked up on every desk request (not cached with the session), so it applies at once.
  const done = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const had = await repo.hasDeskRight(trx, userId);
    const changed = await repo.setDeskRight(trx, userId, on, isoNow(ctx.clock));
    // Asked to confirm the social-media guidelines (after commit, through the outbox).
    if (changed && on && !had) emit({ type: 'social.desk_right_given', userId, actorId: viewer.id });
    return changed;
  });
  if (!done) throw fail.notFound('This person does not exist.');
  const row = await usersRepo.findUserById(ctx.database.db, userId);
  if (!row) throw fail.notFound('This person does not exist.');
  return { id: row.id, socialMedia: row.role === 'admin' || row.social_media === 1 };
}

/** The desk right in the administration's people rights (users/admin-rights.routes.ts). */
export const deskRight: AdminRight = {
  field: 'socialMedia',
  summary: 'the social media desk (admins have it anyway)',
  set: async (ctx, viewer, userId, on) => (await setDeskRight(ctx, viewer, userId, on)).socialMedia,
  holders: (ctx) => repo.deskGrantedIds(ctx.database.db),
};
