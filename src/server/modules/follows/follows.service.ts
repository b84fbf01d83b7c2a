import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { membershipsChanged } from '../access/memberships.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './follows.repo.js';

/** Following someone brings their profile posts into one's home feed. */
export async function setFollowing(ctx: AppContext, viewer: Viewer, userId: number, following: boolean) {
  if (userId === viewer.id) throw fail.badRequest('self_follow', 'You cannot follow yourself.');
  const target = await usersRepo.findUserById(ctx.database.db, userId);
  if (!target) throw fail.notFound('This person does not exist.');
  await ctx.database.transaction((trx, afterCommit) => {
    // The home feed's profiles are cached with the viewer's memberships (access/memberships.ts).
    membershipsChanged(ctx, afterCommit, { userIds: [viewer.id] });
    return following
      ? repo.follow(trx, viewer.id, userId, isoNow(ctx.clock))
      : repo.unfollow(trx, viewer.id, userId);
  });
  return { following };
}
