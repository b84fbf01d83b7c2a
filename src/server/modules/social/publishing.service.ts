import type { Channel } from '../../../shared/social/count.js';
import type { AppContext } from '../../context.js';
import type { Emit, Trx } from '../../db/database.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { claimEach } from '../../lib/claimed-loop.js';
import { isoNow } from '../../lib/clock.js';
import { OutboundRefused } from '../../lib/outbound.js';
import { open, secretKey } from '../../lib/secret-box.js';
import * as accountsRepo from './accounts.repo.js';
import { requireDesk } from './desk.service.js';
import { requireGuidelinesConfirmed } from './guidelines.service.js';
import {
  type BlueskyCredentials,
  blueskyPublish,
  type MastodonCredentials,
  mastodonPublish,
  NetworkRefused,
  type Picture,
  tidFor,
} from './networks.js';
import * as repo from './posts.repo.js';
import { getPost, requireNoProblems } from './posts.service.js';
import * as storiesRepo from './stories.repo.js';

/**
 * "Publish now": Mastodon and Bluesky posts move to `publishing` and an outbox event sends them
 * (the answer waits briefly for it, like every request for its own events); other networks have no
 * open API, so the desk posts by hand on the network's share page and marks the post published.
 */
export async function publishNow(ctx: AppContext, viewer: Viewer, id: number) {
  await requireDesk(ctx, viewer);
  await requireGuidelinesConfirmed(ctx, viewer);
  const row = await repo.findPost(ctx.database.db, id);
  if (!row) throw fail.notFound('No such channel post.');
  if (row.channel !== 'mastodon' && row.channel !== 'bluesky')
    throw fail.badRequest(
      'bad_request',
      'This network has no open API: share it by hand and mark it published.',
    );
  await requireNoProblems(ctx, row);
  const claimed = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (!(await repo.claimPost(trx, id, ['draft', 'scheduled', 'failed'], isoNow(ctx.clock)))) return false;
    emit({ type: 'social_post.publish', postId: id });
    return true;
  });
  if (!claimed) throw fail.conflict('already_published', 'This post is published or being published.');
  return getPost(ctx, viewer, id);
}

/** For networks without an open API: the desk posted by hand and gives the link. */
export async function markPublished(ctx: AppContext, viewer: Viewer, id: number, url: string) {
  await requireDesk(ctx, viewer);
  await requireGuidelinesConfirmed(ctx, viewer);
  const row = await repo.findPost(ctx.database.db, id);
  if (!row) throw fail.notFound('No such channel post.');
  if (row.state === 'published' || row.state === 'publishing')
    throw fail.conflict('already_published', 'This post is published or being published.');
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updatePost(trx, id, {
      state: 'published',
      published_at: now,
      external_url: url,
      error: null,
      updated_at: now,
    });
    await storyPublished(trx, emit, row.story_id, viewer.id, url, now);
  });
  return getPost(ctx, viewer, id);
}

/** The story of a published post counts as published; its suggester is told where it went. */
async function storyPublished(
  trx: Trx,
  emit: Emit,
  storyId: number | null,
  actorId: number,
  url: string,
  now: string,
) {
  if (storyId === null) return;
  const story = await storiesRepo.findStory(trx, storyId);
  if (!story) return;
  if (story.state !== 'published')
    await storiesRepo.updateStory(trx, storyId, { state: 'published', updated_at: now });
  emit({ type: 'story.changed', storyId, actorId, state: 'published', note: url });
}

/**
 * The outbox handler's work for one post: send it to its network. A network's refusal (4xx) marks
 * the post failed with the reason; anything else (network down, 5xx) is thrown so the outbox
 * retries — with the same idempotency key (Mastodon) or record key (Bluesky), so never twice.
 */
export async function publishPost(ctx: AppContext, postId: number): Promise<void> {
  const { db } = ctx.database;
  const row = await repo.findPost(db, postId);
  if (row?.state !== 'publishing') return;
  const fail = async (message: string) => {
    await ctx.database.transaction((trx) =>
      repo.updatePost(trx, postId, {
        state: 'failed',
        error: message.slice(0, 500),
        updated_at: isoNow(ctx.clock),
      }),
    );
  };
  const account = row.account_id === null ? undefined : await accountsRepo.findAccount(db, row.account_id);
  if (!account) return fail('No connected account.');
  const pictures: Picture[] = [];
  for (const item of await repo.mediaOf(db, [postId])) {
    const bytes = await ctx.storage.get(item.storage_key);
    if (!bytes) return fail(`Picture ${item.file_id} is missing.`);
    pictures.push({
      bytes,
      mime: item.mime,
      name: item.name,
      alt: item.alt,
      width: item.width,
      height: item.height,
    });
  }
  const allowPrivate = ctx.config.outboundAllowPrivate;
  let url: string;
  try {
    const credentials = open<MastodonCredentials & BlueskyCredentials>(secretKey(ctx), account.credentials);
    const channel = row.channel as Channel;
    const published =
      channel === 'mastodon'
        ? await mastodonPublish(
            account.service_url,
            credentials,
            { text: row.text, pictures, idempotencyKey: row.attempt_key },
            allowPrivate,
          )
        : await blueskyPublish(
            account.service_url,
            credentials,
            { text: row.text, pictures, rkey: tidFor(row.updated_at, row.id), createdAt: row.updated_at },
            allowPrivate,
          );
    url = published.url;
  } catch (error) {
    if (error instanceof NetworkRefused || error instanceof OutboundRefused) return fail(error.message);
    throw error;
  }
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updatePost(trx, postId, {
      state: 'published',
      published_at: now,
      external_url: url,
      error: null,
      updated_at: now,
    });
    await storyPublished(trx, emit, row.story_id, row.created_by ?? 0, url, now);
  });
}

/**
 * Scheduled posts that are due: every node runs this; the conditional claim lets exactly one node
 * take each post, and the claim and its outbox event commit together.
 */
export async function publishDuePosts(ctx: AppContext): Promise<number[]> {
  const now = isoNow(ctx.clock);
  return claimEach(await repo.duePosts(ctx.database.db, now), (id) =>
    ctx.database.transaction(async (trx, _afterCommit, emit) => {
      if (!(await repo.claimPost(trx, id, ['scheduled'], now, now))) return false;
      emit({ type: 'social_post.publish', postId: id });
      return true;
    }),
  );
}
