import type { UserSummary } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import type { CommentRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { mentionedUserIds, withMentionNames } from '../../lib/markdown.js';
import { mayDeleteComment, mayEditComment } from '../access/rules.js';
import { loadReadable, renderText } from '../content/content.service.js';
import { presentComment } from '../stream/stream.presenter.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './comments.repo.js';

const commentNotFound = () => fail.notFound('This comment does not exist or is not visible to you.');

/** A comment as everyone sees it: the permissions are added per viewer (`presentComment`). */
interface SharedComment {
  row: CommentRow;
  author: UserSummary;
  html: string;
}

/** The comments' authors and the people they mention, read in one query. */
async function shared(
  ctx: AppContext,
  rows: CommentRow[],
): Promise<{ comments: SharedComment[]; people: number[] }> {
  const peopleIds = [...new Set(rows.flatMap((row) => [row.author_id, ...mentionedUserIds(row.body_html)]))];
  const people = await usersRepo.findUsersByIds(ctx.database.db, peopleIds);
  const byId = new Map(people.map((person) => [person.id, person]));
  const nameOf = (userId: number) => byId.get(userId)?.name;
  const comments = rows.flatMap((row) => {
    const author = byId.get(row.author_id);
    return author
      ? [{ row, author: toUserSummary(author), html: withMentionNames(row.body_html, nameOf) }]
      : [];
  });
  return { comments, people: peopleIds };
}

const withPermissions = (comments: SharedComment[], viewer: Viewer, moderates: boolean) =>
  comments.map((comment) => presentComment(comment.row, comment.author, comment.html, viewer, moderates));

async function present(ctx: AppContext, viewer: Viewer, rows: CommentRow[], moderates: boolean) {
  return withPermissions((await shared(ctx, rows)).comments, viewer, moderates);
}

/** The most a page asks for (the route's largest limit) and one more, to know whether more follow. */
const FIRST_COMMENTS = 101;

/**
 * An item's first comments (oldest first), from the item cache: dropped with the item by every new,
 * changed or deleted comment and by a change of anyone they show (stream/item-cache.events.ts).
 * Whether the viewer may read the item was decided before, from fresh data.
 */
async function firstComments(ctx: AppContext, contentId: number, spaceId: number | null) {
  const cache = ctx.itemCache;
  const cached = cache?.comments<SharedComment[]>(contentId);
  if (cached) return cached;
  const ticket = cache?.ticket() ?? 0;
  const rows = await repo.listComments(ctx.database.db, contentId, undefined, FIRST_COMMENTS - 1);
  const { comments, people } = await shared(ctx, rows);
  cache?.storeComments(ticket, contentId, comments, { spaceId, userIds: people, fileIds: [] });
  return comments;
}

export async function listComments(
  ctx: AppContext,
  viewer: Viewer,
  contentId: number,
  cursor: string | undefined,
  limit: number,
) {
  const { content, moderates } = await loadReadable(ctx, viewer, contentId, true);
  const position = readCursor(cursor, ['string', 'number']);
  const after = position && { createdAt: position[0], id: position[1] };
  const more = async (): Promise<SharedComment[]> =>
    (await shared(ctx, await repo.listComments(ctx.database.db, contentId, after, limit))).comments;
  const comments =
    after || limit >= FIRST_COMMENTS ? await more() : await firstComments(ctx, contentId, content.space_id);
  const items = comments.slice(0, limit);
  const last = items.at(-1)?.row;
  return {
    items: withPermissions(items, viewer, moderates),
    nextCursor: comments.length > limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

export async function addComment(
  ctx: AppContext,
  viewer: Viewer,
  contentId: number,
  body: string,
  parentId: number | undefined,
) {
  const { content, subject, moderates } = await loadReadable(ctx, viewer, contentId);
  const { db } = ctx.database;
  if (!ctx.kinds.policyOf(content.type).comment(viewer, subject))
    throw fail.conflict('space_archived', 'This space is archived.');
  let parent: CommentRow | undefined;
  let repliedToAuthorId: number | null = null;
  if (parentId !== undefined) {
    parent = await repo.findComment(db, parentId);
    if (!parent || parent.content_id !== contentId)
      throw fail.badRequest('invalid_parent', 'The comment you reply to does not belong to this post.');
    repliedToAuthorId = parent.author_id;
    // One level of replies: a reply to a reply joins its thread (its author is still told).
    if (parent.parent_id !== null) parent = await repo.findComment(db, parent.parent_id);
  }
  const rendered = await renderText(db, body, viewer.id);
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const commentId = await repo.insertComment(trx, {
      contentId,
      parentId: parent?.id ?? null,
      authorId: viewer.id,
      body,
      html: rendered.html,
      now,
    });
    await repo.adjustCommentCount(trx, contentId, 1);
    emit({
      type: 'comment.created',
      commentId,
      contentId,
      authorId: viewer.id,
      parentAuthorId: repliedToAuthorId,
      mentionedUserIds: rendered.mentionedUserIds,
    });
    return commentId;
  });
  const row = await repo.findComment(db, id);
  if (!row) throw commentNotFound();
  return (await present(ctx, viewer, [row], moderates))[0];
}

async function loadComment(ctx: AppContext, viewer: Viewer, commentId: number) {
  const comment = await repo.findComment(ctx.database.db, commentId);
  if (!comment) throw commentNotFound();
  const { moderates } = await loadReadable(ctx, viewer, comment.content_id).catch(() => {
    throw commentNotFound();
  });
  return { comment, moderates };
}

export async function editComment(ctx: AppContext, viewer: Viewer, commentId: number, body: string) {
  const { comment, moderates } = await loadComment(ctx, viewer, commentId);
  if (!mayEditComment(viewer, comment)) throw fail.forbidden('Only the author may edit this comment.');
  const rendered = await renderText(ctx.database.db, body, viewer.id);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateComment(trx, commentId, body, rendered.html, isoNow(ctx.clock));
    emit({
      type: 'comment.changed',
      commentId,
      contentId: comment.content_id,
      deleted: false,
    });
  });
  const row = await repo.findComment(ctx.database.db, commentId);
  return (await present(ctx, viewer, row ? [row] : [], moderates))[0];
}

export async function deleteComment(ctx: AppContext, viewer: Viewer, commentId: number) {
  const { comment, moderates } = await loadComment(ctx, viewer, commentId);
  if (!mayDeleteComment(viewer, comment, moderates))
    throw fail.forbidden('Only the author or a moderator may delete this comment.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const removed = await repo.deleteComment(trx, commentId);
    await repo.adjustCommentCount(trx, comment.content_id, -removed);
    emit({
      type: 'comment.changed',
      commentId,
      contentId: comment.content_id,
      deleted: true,
    });
  });
}
