import type { ReactionType } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { loadReadable } from '../content/content.service.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as repo from './reactions.repo.js';

/** An item's reaction counts by type and their total (what live updates carry). */
export async function countsOf(ctx: AppContext, contentId: number) {
  const counts: Record<string, number> = {};
  for (const row of await repo.countsFor(ctx.database.db, contentId)) counts[row.type] = Number(row.n);
  return { counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

/** The answer to a reaction change: the counts after it, and the reaction the viewer now has. */
async function summary(ctx: AppContext, contentId: number, mine: ReactionType | null) {
  return { ...(await countsOf(ctx, contentId)), mine };
}

/**
 * The person's next read on this node shows their new reaction at once, even before the event's
 * handlers (item-cache.events.ts, which also tell the other nodes) have run.
 */
function forgetOwnReaction(ctx: AppContext, userId: number, contentId: number) {
  ctx.itemCache?.invalidate({ ownReactions: [{ userId, contentId }] });
}

/** One reaction per person per item; reacting again with another type changes it. */
export async function react(ctx: AppContext, viewer: Viewer, contentId: number, type: ReactionType) {
  const { content, subject } = await loadReadable(ctx, viewer, contentId);
  if (!ctx.kinds.policyOf(content.type).react(viewer, subject))
    throw fail.forbidden('You may not react to this.');
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    const before = await repo.findReaction(trx, contentId, viewer.id);
    await repo.setReaction(trx, contentId, viewer.id, type, isoNow(ctx.clock));
    if (before?.type !== type) {
      emit({ type: 'reaction.changed', contentId, userId: viewer.id, added: !before });
      afterCommit(() => forgetOwnReaction(ctx, viewer.id, contentId));
    }
  });
  return summary(ctx, contentId, type);
}

export async function unreact(ctx: AppContext, viewer: Viewer, contentId: number) {
  await loadReadable(ctx, viewer, contentId);
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    if (await repo.removeReaction(trx, contentId, viewer.id)) {
      emit({ type: 'reaction.changed', contentId, userId: viewer.id, added: false });
      afterCommit(() => forgetOwnReaction(ctx, viewer.id, contentId));
    }
  });
  return summary(ctx, contentId, null);
}

export async function whoReacted(ctx: AppContext, viewer: Viewer, contentId: number) {
  await loadReadable(ctx, viewer, contentId, true);
  const rows = await repo.reactors(ctx.database.db, contentId);
  return {
    items: rows.map((row) => ({ user: toUserSummary(row), type: row.reaction_type as ReactionType })),
  };
}
