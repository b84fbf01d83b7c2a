import type { z } from 'zod';
import type { Article, publishArticleBody } from '../../../shared/api/articles.js';
import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { claimEach } from '../../lib/claimed-loop.js';
import { isoNow } from '../../lib/clock.js';
import * as contentRepo from '../content/content.repo.js';
import { checkRights, imageIdsOf, renderArticle } from './articles.checks.js';
import { loadArticle } from './articles.load.js';
import * as repo from './articles.repo.js';
import { getArticle } from './reading.service.js';

/* Publishing articles: now, at a time (exactly once across nodes), and what follows. */

export async function publishArticle(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  input: z.infer<typeof publishArticleBody>,
): Promise<Article> {
  const { row } = await loadArticle(ctx, viewer, id, 'manage');
  if (row.state === 'published' || row.state === 'archived')
    throw fail.conflict('already_published', 'This article has already been published.');
  if (!row.teaser.trim() && !row.body.trim())
    throw fail.badRequest('empty_article', 'Write a teaser or a text before publishing.');
  await checkRights(ctx, imageIdsOf(row.body, row.cover_file_id));
  const now = isoNow(ctx.clock);
  const at = input.at ? new Date(input.at).toISOString() : undefined;
  if (at && at > now) {
    await ctx.database.transaction(async (trx) => {
      await repo.updateArticle(trx, id, { scheduled_at: at });
      await repo.setContentState(trx, id, { state: 'scheduled', updated_at: now });
    });
    return getArticle(ctx, viewer, id);
  }
  // The state is checked again inside the transaction, in one conditional statement: a second
  // editor or the scheduler racing this request publishes (and notifies) once, not twice.
  const published = await goLive(ctx, row, async (trx) => {
    if (!(await repo.claimForPublishing(trx, id, now))) return false;
    await repo.updateArticle(trx, id, { scheduled_at: null });
    return true;
  });
  if (!published) throw fail.conflict('already_published', 'This article has already been published.');
  return getArticle(ctx, viewer, id);
}

/**
 * An article going out, however it went out: `claim` flips the state conditionally; only if it did,
 * the tags and the events (feeds, search, notifications, webhooks) are written in the same
 * transaction, so they happen exactly once and survive a crash right after commit. Rendered before
 * the transaction: inside it only `trx` may be used.
 */
async function goLive(
  ctx: AppContext,
  row: repo.ArticleRecord,
  claim: (trx: Trx) => Promise<boolean>,
): Promise<boolean> {
  const rendered = await renderArticle(ctx, row.body, row.author_id);
  return ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (!(await claim(trx))) return false;
    await contentRepo.replaceTags(trx, row.id, rendered.tags);
    emit({
      type: 'content.created',
      contentId: row.id,
      authorId: row.author_id,
      mentionedUserIds: rendered.mentionedUserIds,
    });
    emit({ type: 'article.published', contentId: row.id, actorId: row.author_id });
    return true;
  });
}

/**
 * Publishes scheduled articles that are due. Every node runs this; the conditional update in
 * claimScheduled lets exactly one node publish each article, and only that node writes the events.
 */
export async function publishDue(ctx: AppContext): Promise<number[]> {
  const now = isoNow(ctx.clock);
  const { db } = ctx.database;
  // The claim, the tags and the events commit together: a crash mid-batch leaves each article
  // either still scheduled (the next run takes it) or published with everything that follows.
  return claimEach(await repo.dueScheduled(db, now), async (id) => {
    const row = await repo.findArticle(db, id);
    return row !== undefined && (await goLive(ctx, row, (trx) => repo.claimScheduled(trx, id, now)));
  });
}
