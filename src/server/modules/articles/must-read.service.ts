import type { ConfirmationReport } from '../../../shared/api/articles.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { loadArticle } from './articles.load.js';
import * as repo from './must-read.repo.js';
import { summaries } from './reading.service.js';

/**
 * Must-reads: the only place Kantine records that someone read something, and only the fact and time
 * of their own confirmation. Editors see the rate and, for must-reads only, who has not confirmed.
 */
export async function confirm(ctx: AppContext, viewer: Viewer, id: number) {
  const { row } = await loadArticle(ctx, viewer, id, 'read');
  if (row.state !== 'published' || row.must_read !== 1)
    throw fail.badRequest('not_must_read', 'Only published must-read articles are confirmed.');
  const { db } = ctx.database;
  if (!(await repo.isInAudience(db, row, viewer.id)))
    throw fail.forbidden('This must-read is meant for other teams.', 'not_in_audience');
  const { confirmed_at } = await ctx.database.transaction((trx) =>
    repo.confirm(trx, id, viewer.id, isoNow(ctx.clock)),
  );
  return { confirmedAt: confirmed_at };
}

export async function confirmations(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
): Promise<ConfirmationReport> {
  const { row } = await loadArticle(ctx, viewer, id, 'manage');
  if (row.must_read !== 1)
    return {
      mustRead: false,
      audienceCount: 0,
      confirmedCount: 0,
      rate: 0,
      deadline: null,
      notConfirmed: [],
      reminderSentAt: null,
    };
  const { db } = ctx.database;
  const counts = await repo.audienceCounts(db, row);
  const pending = await repo.unconfirmedAmongAudience(db, row, viewer.id);
  const people = await usersRepo.findUsersByIds(
    db,
    pending.slice(0, 1000).map((user) => user.id),
  );
  return {
    mustRead: true,
    audienceCount: counts.audience,
    confirmedCount: counts.confirmed,
    rate: counts.audience === 0 ? 0 : counts.confirmed / counts.audience,
    deadline: row.must_read_deadline,
    notConfirmed: people.sort((a, b) => a.name.localeCompare(b.name)).map(toUserSummary),
    reminderSentAt: row.reminder_sent_at,
  };
}

/** One reminder per must-read, to those who have not confirmed yet. */
export async function remind(ctx: AppContext, viewer: Viewer, id: number) {
  const { row } = await loadArticle(ctx, viewer, id, 'manage');
  if (row.must_read !== 1 || row.state !== 'published')
    throw fail.badRequest('not_must_read', 'Only published must-read articles have reminders.');
  const { db } = ctx.database;
  const pending = (await repo.unconfirmedAmongAudience(db, row)).map((user) => user.id);
  const sent = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (!(await repo.markReminderSent(trx, id, isoNow(ctx.clock)))) return false;
    emit({ type: 'must_read.reminded', contentId: id, actorId: viewer.id, userIds: pending });
    return true;
  });
  if (!sent) throw fail.conflict('already_reminded', 'A reminder has already been sent for this article.');
  return { reminded: pending.length };
}

export async function myConfirmations(ctx: AppContext, viewer: Viewer) {
  const rows = await repo.myConfirmations(ctx.database.db, viewer.id);
  return {
    items: rows.map((row) => ({
      articleId: row.content_id,
      title: row.title,
      confirmedAt: row.confirmed_at,
    })),
  };
}

/** The must-reads waiting for the viewer's confirmation, newest first. */
export async function openMustReads(ctx: AppContext, viewer: Viewer) {
  return { items: await summaries(ctx, viewer, await repo.openMustReads(ctx.database.db, viewer.id)) };
}
