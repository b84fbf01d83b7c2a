import type { z } from 'zod';
import type { Article, publishArticleBody } from '../../../shared/api/articles.js';
import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
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
  await goLive(ctx, row, async (trx) => {
    await repo.updateArticle(trx, id, { scheduled_at: null });
    await repo.setContentState(trx, id, { state: 'published', published_at: now, updated_at: now });
  });
  return getArticle(ctx, viewer, id);
}

/**
 * What follows an article going out, however it went out: tags by date, then feeds, search and
 * notifications. Rendered before the transaction: inside it only `trx` may be used.
 */
async function goLive(ctx: AppContext, row: repo.ArticleRecord, change: (trx: Trx) => Promise<void>) {
  const rendered = await renderArticle(ctx, row.body, row.author_id);
  await ctx.database.transaction(async (trx, afterCommit) => {
    await change(trx);
    await contentRepo.replaceTags(trx, row.id, rendered.tags);
    afterCommit(async () => {
      await ctx.events.publish({
        type: 'content.created',
        contentId: row.id,
        authorId: row.author_id,
        mentionedUserIds: rendered.mentionedUserIds,
      });
      await ctx.events.publish({ type: 'article.published', contentId: row.id, actorId: row.author_id });
    });
  });
}

/**
 * Publishes scheduled articles that are due. Every node runs this; the conditional update in
 * claimScheduled lets exactly one node publish each article, and only that node runs the effects.
 */
export async function publishDue(ctx: AppContext): Promise<number[]> {
  const now = isoNow(ctx.clock);
  const published: number[] = [];
  const { db } = ctx.database;
  for (const id of await repo.dueScheduled(db, now)) {
    // One atomic statement outside a longer transaction: no lock is held while other nodes ask.
    if (!(await repo.claimScheduled(db, id, now))) continue;
    published.push(id);
    const row = await repo.findArticle(db, id);
    if (row) await goLive(ctx, row, async () => {});
  }
  return published;
}
