import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { postBody, updatePostBody } from '../../../shared/api/stream.js';
import { extractHashtags, extractMentions } from '../../../shared/markup.js';
import type { AppContext } from '../../context.js';
import type { ContentRow, DB } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { renderBody } from '../../lib/markdown.js';
import { readableGiven } from '../access/access.repo.js';
import { membershipsOf } from '../access/memberships.js';
import { type ContentSubject, mayPostIn, moderatesContent } from '../access/rules.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import { getItem } from '../stream/stream.service.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import * as repo from './content.repo.js';

const notFound = () => fail.notFound('This post does not exist or is not visible to you.');

/** A post is text, pictures and files, or both: only a post with neither is refused. */
function requireTextOrAttachment(body: string, attachmentCount: number) {
  if (body.trim() === '' && attachmentCount === 0)
    throw fail.badRequest('empty_post', 'A post needs text or at least one attachment.', [
      { path: 'body', message: 'must not be empty without an attachment' },
    ]);
}

export interface RenderedText {
  html: string;
  mentionedUserIds: number[];
  tags: string[];
}

/** Resolves @mentions to people and renders the Markdown subset; shared by posts and comments. */
export async function renderText(db: Kysely<DB>, text: string, authorId: number): Promise<RenderedText> {
  const mentions = await repo.usersByHandle(db, extractMentions(text));
  return {
    html: renderBody(text, mentions),
    mentionedUserIds: [...mentions.values()].filter((id) => id !== authorId),
    tags: extractHashtags(text),
  };
}

async function checkAttachments(db: Kysely<DB>, fileIds: string[], viewer: Viewer, contentId?: number) {
  const unique = [...new Set(fileIds)];
  const files = await repo.findAttachableFiles(db, unique, viewer.id);
  const usable = files.filter((file) => file.content_id === null || file.content_id === contentId);
  if (usable.length !== unique.length)
    throw fail.badRequest(
      'invalid_attachment',
      'An attachment does not exist, is not yours or is already used elsewhere.',
    );
  return unique;
}

export type Container = { spaceId: number } | { profileUserId: number };

export async function createPost(
  ctx: AppContext,
  viewer: Viewer,
  container: Container,
  input: z.infer<typeof postBody> & Record<string, unknown>,
) {
  // A kind that extends posts (a poll) claims its field of the body (kinds/registry.ts).
  const claim = ctx.kinds.claimOf('post', input);
  claim?.extension.check?.(claim.value, ctx.clock.now());
  if ('spaceId' in container) {
    const { space, membership } = await loadSpace(ctx, viewer, container.spaceId);
    if (!mayPostIn(space, membership)) {
      throw fail.forbidden(
        space.archived_at ? 'This space is archived.' : 'Join the space to post in it.',
        space.archived_at ? 'space_archived' : 'not_a_member',
      );
    }
  } else if (container.profileUserId !== viewer.id) {
    throw fail.forbidden('You can only post on your own profile.');
  }
  const { db } = ctx.database;
  requireTextOrAttachment(input.body, input.attachments.length);
  const attachments = await checkAttachments(db, input.attachments, viewer);
  const rendered = await renderText(db, input.body, viewer.id);
  const now = isoNow(ctx.clock);
  const contentId = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const id = await repo.insertContent(trx, {
      type: claim?.type ?? 'post',
      spaceId: 'spaceId' in container ? container.spaceId : null,
      profileUserId: 'profileUserId' in container ? container.profileUserId : null,
      authorId: viewer.id,
      state: 'published',
      now,
      publishedAt: now,
    });
    await repo.insertPost(trx, id, input.body, rendered.html);
    await claim?.extension.create(trx, id, claim.value);
    await repo.insertTags(trx, id, rendered.tags, now);
    // New content has no files to let go of: only attaching is left.
    if (attachments.length > 0) await repo.attachFiles(trx, id, attachments);
    emit({
      type: 'content.created',
      contentId: id,
      authorId: viewer.id,
      mentionedUserIds: rendered.mentionedUserIds,
    });
    return id;
  });
  return getItem(ctx, viewer, contentId);
}

/**
 * Loads content the viewer may read, with the rulebook's view of it (where it lives, the viewer's
 * membership there) and whether the viewer moderates it. `reading` (listing comments, who reacted):
 * the viewer's memberships come from access/memberships.ts; writes read them fresh.
 */
async function loadReadable(
  ctx: AppContext,
  viewer: Viewer,
  contentId: number,
  reading = false,
): Promise<{ content: ContentRow; subject: ContentSubject; moderates: boolean }> {
  const { db } = ctx.database;
  const content = await repo.findContent(db, contentId);
  if (!content) throw notFound();
  const spaceId = content.space_id;
  const [space, membership] =
    spaceId === null
      ? [undefined, undefined]
      : await Promise.all([
          spacesRepo.findSpace(db, spaceId),
          reading
            ? membershipsOf(ctx, viewer.id).then((memberships) => memberships.get(spaceId))
            : spacesRepo.findMembership(db, spaceId, viewer.id),
        ]);
  // The access module's rule over the rows just read (the item, its space, the membership).
  const access = { state: content.state, space_id: spaceId, visibility: space?.visibility ?? null };
  if (!readableGiven(access, membership?.status)) throw notFound();
  const subject = {
    authorId: content.author_id,
    profileUserId: content.profile_user_id,
    space,
    membership,
  };
  return { content, subject, moderates: moderatesContent(viewer, subject) };
}

export async function updatePost(
  ctx: AppContext,
  viewer: Viewer,
  contentId: number,
  input: z.infer<typeof updatePostBody>,
) {
  const { content, subject } = await loadReadable(ctx, viewer, contentId);
  if (content.type !== 'post' && !ctx.kinds.get(content.type)?.extension?.becomes?.includes('post'))
    throw fail.badRequest('wrong_type', 'Edit this item through its own endpoint.');
  if (!ctx.kinds.policyOf(content.type).edit(viewer, subject))
    throw fail.forbidden('Only the author may edit this post.');
  const { db } = ctx.database;
  const before = await repo.findPost(db, contentId);
  const previouslyMentioned = new Set(
    (await repo.usersByHandle(db, extractMentions(before?.body ?? ''))).values(),
  );
  const attachments =
    input.attachments === undefined
      ? undefined
      : await checkAttachments(db, input.attachments, viewer, contentId);
  requireTextOrAttachment(input.body, attachments?.length ?? (await repo.countAttachments(db, contentId)));
  const rendered = await renderText(db, input.body, viewer.id);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updatePost(trx, contentId, input.body, rendered.html);
    await repo.replaceTags(trx, contentId, rendered.tags);
    if (attachments) await repo.attachFiles(trx, contentId, attachments);
    await repo.markEdited(trx, contentId, isoNow(ctx.clock));
    const newlyMentionedUserIds = rendered.mentionedUserIds.filter((id) => !previouslyMentioned.has(id));
    emit({ type: 'content.updated', contentId, authorId: viewer.id, newlyMentionedUserIds });
  });
  return getItem(ctx, viewer, contentId);
}

/**
 * The one delete path of every kind: a kind with its own delete use case (articles) runs it, with
 * its own rule, whichever endpoint was called; the others are deleted by their kind's delete rule.
 */
export async function deleteContent(ctx: AppContext, viewer: Viewer, contentId: number) {
  const stored = await repo.findContent(ctx.database.db, contentId);
  const remove = stored && ctx.kinds.get(stored.type)?.remove;
  if (remove) return remove(ctx, viewer, contentId);
  const { content, subject } = await loadReadable(ctx, viewer, contentId);
  if (!ctx.kinds.policyOf(content.type).delete(viewer, subject))
    throw fail.forbidden('Only the author or a moderator may delete this.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const keys = await uploadsRepo.storageKeysOf(trx, { contentId });
    await repo.deleteContent(trx, contentId);
    if (keys.length > 0) emit({ type: 'storage.orphaned', keys });
    emit({
      type: 'content.deleted',
      contentId,
      spaceId: content.space_id,
      profileUserId: content.profile_user_id,
    });
  });
}

export async function pinContent(ctx: AppContext, viewer: Viewer, contentId: number, pinned: boolean) {
  const { content, subject } = await loadReadable(ctx, viewer, contentId);
  if (content.space_id === null) throw fail.badRequest('not_in_space', 'Only posts in spaces can be pinned.');
  if (!ctx.kinds.policyOf(content.type).pin(viewer, subject))
    throw fail.forbidden('Only the space’s admins may pin posts.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.setPinned(trx, contentId, pinned, isoNow(ctx.clock));
    // Open feeds refetch the item (docs/LIVE.md: content.updated on edits and pins).
    emit({ type: 'content.updated', contentId, authorId: viewer.id, newlyMentionedUserIds: [] });
  });
  return getItem(ctx, viewer, contentId);
}

export { loadReadable };
