import type { z } from 'zod';
import type { CreatePostBody, postsQuery, SocialPost, UpdatePostBody } from '../../../shared/api/social.js';
import { apiChannels, type Channel, checkPost } from '../../../shared/social/count.js';
import type { AppContext } from '../../context.js';
import type { SocialPostRow } from '../../db/schema.js';
import { AppError, fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { publicPath } from '../articles/articles.presenter.js';
import * as accountsRepo from './accounts.repo.js';
import { requireDesk } from './desk.service.js';
import { requireGuidelinesConfirmed } from './guidelines.service.js';
import { toPost } from './posts.presenter.js';
import * as repo from './posts.repo.js';
import * as storiesRepo from './stories.repo.js';

const editable = ['draft', 'scheduled', 'failed'];

/** The link a post points to: its article in the public newsroom (if public), else its story's link. */
async function linkOf(
  ctx: AppContext,
  row: Pick<SocialPostRow, 'article_id' | 'story_id'>,
): Promise<string | null> {
  const { db } = ctx.database;
  if (row.article_id !== null) {
    const article = await repo.articleExists(db, row.article_id);
    if (article?.is_public)
      return `${(await publicBaseUrl(ctx)).replace(/\/$/, '')}${publicPath(article.slug)}`;
  }
  if (row.story_id !== null) return (await storiesRepo.findStory(db, row.story_id))?.link ?? null;
  return null;
}

export async function presentPosts(ctx: AppContext, rows: SocialPostRow[]): Promise<SocialPost[]> {
  const { db } = ctx.database;
  const [accounts, media] = await Promise.all([
    accountsRepo.listAccounts(db),
    repo.mediaOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  return Promise.all(
    rows.map(async (row) =>
      toPost(row, {
        account: row.account_id === null ? undefined : accountById.get(row.account_id),
        media: media.filter((item) => item.post_id === row.id),
        link: await linkOf(ctx, row),
      }),
    ),
  );
}

export async function getPost(ctx: AppContext, viewer: Viewer, id: number): Promise<SocialPost> {
  await requireDesk(ctx, viewer);
  const row = await repo.findPost(ctx.database.db, id);
  if (!row) throw fail.notFound('No such channel post.');
  return (await presentPosts(ctx, [row]))[0];
}

export async function listPosts(ctx: AppContext, viewer: Viewer, query: z.infer<typeof postsQuery>) {
  await requireDesk(ctx, viewer);
  return { items: await presentPosts(ctx, await repo.listPosts(ctx.database.db, query)) };
}

/** Checks what a post refers to (story, article, account of the right network, usable pictures). */
async function checkRefs(
  ctx: AppContext,
  viewer: Viewer,
  channel: Channel,
  refs: { storyId: number | null; articleId: number | null; accountId: number | null; fileIds: string[] },
) {
  const { db } = ctx.database;
  if (refs.storyId !== null && !(await storiesRepo.findStory(db, refs.storyId)))
    throw fail.badRequest('bad_request', 'This story does not exist.');
  if (refs.articleId !== null && !(await repo.articleExists(db, refs.articleId)))
    throw fail.badRequest('bad_request', 'This article does not exist.');
  if (refs.accountId !== null) {
    const account = await accountsRepo.findAccount(db, refs.accountId);
    if (!account || account.network !== channel)
      throw fail.badRequest('social_account_failed', 'Choose a connected account of this network.');
  }
  const unique = [...new Set(refs.fileIds)];
  if (unique.length !== refs.fileIds.length)
    throw fail.badRequest('invalid_attachment', 'Each picture may be given only once.');
  const usable = await repo.usableFiles(db, unique, viewer.id, refs.storyId);
  if (usable.length !== unique.length)
    throw fail.badRequest('invalid_attachment', 'Pictures must be the story’s or images you uploaded.');
}

/** The state a post gets: scheduled only when it has a time and breaks no limit. */
function stateFor(channel: Channel, text: string, media: Array<{ alt: string }>, scheduledAt: string | null) {
  return scheduledAt !== null && checkPost(channel, text, media).length === 0 ? 'scheduled' : 'draft';
}

export async function createPost(ctx: AppContext, viewer: Viewer, body: CreatePostBody) {
  await requireDesk(ctx, viewer);
  if (body.scheduledAt) await requireGuidelinesConfirmed(ctx, viewer);
  const refs = {
    storyId: body.storyId ?? null,
    articleId: body.articleId ?? null,
    accountId: body.accountId ?? null,
    fileIds: body.media.map((item) => item.fileId),
  };
  await checkRefs(ctx, viewer, body.channel, refs);
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction(async (trx) => {
    const postId = await repo.insertPost(trx, {
      story_id: refs.storyId,
      article_id: refs.articleId,
      channel: body.channel,
      account_id: refs.accountId,
      text: body.text,
      campaign: body.campaign || null,
      state: stateFor(body.channel, body.text, body.media, body.scheduledAt ?? null),
      scheduled_at: body.scheduledAt ? new Date(body.scheduledAt).toISOString() : null,
      published_at: null,
      external_url: null,
      error: null,
      claimed_until: null,
      attempt_key: newSecret(16),
      created_by: viewer.id,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceMedia(trx, postId, body.media);
    await repo.holdFiles(trx, refs.fileIds);
    return postId;
  });
  return getPost(ctx, viewer, id);
}

export async function updatePost(ctx: AppContext, viewer: Viewer, id: number, body: UpdatePostBody) {
  await requireDesk(ctx, viewer);
  if (body.scheduledAt) await requireGuidelinesConfirmed(ctx, viewer);
  const { db } = ctx.database;
  const row = await repo.findPost(db, id);
  if (!row) throw fail.notFound('No such channel post.');
  if (!editable.includes(row.state))
    throw fail.conflict('invalid_state_change', 'A post being published or published cannot be changed.');
  const channel = row.channel as Channel;
  const media =
    body.media ?? (await repo.mediaOf(db, [id])).map((item) => ({ fileId: item.file_id, alt: item.alt }));
  const accountId = body.accountId === undefined ? row.account_id : body.accountId;
  await checkRefs(ctx, viewer, channel, {
    storyId: row.story_id,
    articleId: row.article_id,
    accountId,
    fileIds: media.map((item) => item.fileId),
  });
  const text = body.text ?? row.text;
  const scheduledAt =
    body.scheduledAt === undefined
      ? row.scheduled_at
      : body.scheduledAt && new Date(body.scheduledAt).toISOString();
  await ctx.database.transaction(async (trx) => {
    await repo.updatePost(trx, id, {
      text,
      account_id: accountId,
      campaign: body.campaign === undefined ? row.campaign : body.campaign || null,
      scheduled_at: scheduledAt,
      state: stateFor(channel, text, media, scheduledAt),
      // A changed post is a new attempt: the network must not answer it with the old one.
      attempt_key: newSecret(16),
      updated_at: isoNow(ctx.clock),
    });
    if (body.media) {
      await repo.replaceMedia(trx, id, body.media);
      await repo.holdFiles(
        trx,
        body.media.map((item) => item.fileId),
      );
    }
  });
  return getPost(ctx, viewer, id);
}

export async function deletePost(ctx: AppContext, viewer: Viewer, id: number) {
  await requireDesk(ctx, viewer);
  const row = await repo.findPost(ctx.database.db, id);
  if (!row) throw fail.notFound('No such channel post.');
  if (row.state === 'publishing')
    throw fail.conflict('invalid_state_change', 'This post is being published right now.');
  await ctx.database.transaction((trx) => repo.deletePost(trx, id));
}

/** Refuses a post that breaks a limit of its channel, with the problems in `details`. */
export async function requireNoProblems(ctx: AppContext, row: SocialPostRow) {
  const media = await repo.mediaOf(ctx.database.db, [row.id]);
  const problems = checkPost(row.channel as Channel, row.text, media);
  if (problems.length > 0)
    throw new AppError(422, 'post_has_problems', 'This post breaks a limit of its network.', problems);
  if (apiChannels.includes(row.channel as Channel) && row.account_id === null)
    throw fail.badRequest('social_account_failed', 'Choose a connected account of this network.');
}
