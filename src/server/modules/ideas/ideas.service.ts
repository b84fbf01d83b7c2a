import type { z } from 'zod';
import type { CreateIdeaBody, ideaStatusBody, ideasQuery } from '../../../shared/api/ideas.js';
import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { mayReadSpaceContent } from '../access/access.repo.js';
import { isSpaceAdmin, mayPostIn } from '../access/rules.js';
import * as auditRepo from '../audit/audit.repo.js';
import * as contentRepo from '../content/content.repo.js';
import { loadReadable } from '../content/content.service.js';
import { loadSpace } from '../spaces/spaces.service.js';
import { getItem, hydrate } from '../stream/stream.service.js';
import type { AdminRight } from '../users/admin-rights.routes.js';
import { mayReview } from './ideas.policy.js';
import * as repo from './ideas.repo.js';

const notFound = () => fail.notFound('This idea does not exist or is not visible to you.');

/** A board: a space's, or the company's (null). */
export type Board = { spaceId: number } | null;

/** Submits an idea: to a space's board (its members) or the company board (everyone). The author follows it. */
export async function createIdea(ctx: AppContext, viewer: Viewer, board: Board, input: CreateIdeaBody) {
  if (board) {
    const { space, membership } = await loadSpace(ctx, viewer, board.spaceId);
    if (!mayPostIn(space, membership))
      throw fail.forbidden(
        space.archived_at ? 'This space is archived.' : 'Join the space to submit ideas in it.',
        space.archived_at ? 'space_archived' : 'not_a_member',
      );
  }
  const { db } = ctx.database;
  if (input.pictureId !== null && !(await repo.attachablePicture(db, input.pictureId, viewer.id)))
    throw fail.badRequest(
      'invalid_attachment',
      'The picture does not exist, is not an image of yours or is already used elsewhere.',
    );
  const now = isoNow(ctx.clock);
  const contentId = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const id = await contentRepo.insertContent(trx, {
      type: 'idea',
      spaceId: board?.spaceId ?? null,
      profileUserId: null,
      authorId: viewer.id,
      state: 'published',
      now,
      publishedAt: now,
    });
    await repo.insertIdea(trx, id, input);
    // The picture follows the idea's visibility (files are read by the item they are attached to).
    if (input.pictureId !== null) await contentRepo.attachFiles(trx, id, [input.pictureId]);
    await repo.follow(trx, id, viewer.id);
    emit({ type: 'content.created', contentId: id, authorId: viewer.id, mentionedUserIds: [] });
    return id;
  });
  return getItem(ctx, viewer, contentId);
}

async function loadIdea(ctx: AppContext, viewer: Viewer, contentId: number) {
  const readable = await loadReadable(ctx, viewer, contentId);
  if (readable.content.type !== 'idea') throw notFound();
  const idea = await repo.findIdea(ctx.database.db, contentId);
  if (!idea) throw notFound();
  return { ...readable, idea };
}

export async function getIdea(ctx: AppContext, viewer: Viewer, contentId: number) {
  await loadIdea(ctx, viewer, contentId);
  const [item, history] = await Promise.all([
    getItem(ctx, viewer, contentId),
    repo.history(ctx.database.db, contentId),
  ]);
  return {
    item,
    history: history.map((change) => ({
      status: change.status as 'new',
      reason: change.reason,
      actorName: change.actor_name,
      at: change.created_at,
    })),
  };
}

/** One vote per person, withdrawable; the same rule as reacting (whoever may read it). */
export async function setVote(ctx: AppContext, viewer: Viewer, contentId: number, voted: boolean) {
  const { content, subject } = await loadIdea(ctx, viewer, contentId);
  if (!ctx.kinds.policyOf(content.type).react(viewer, subject))
    throw fail.forbidden('You may not vote on this.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const changed = voted
      ? await repo.addVote(trx, contentId, viewer.id, isoNow(ctx.clock))
      : await repo.removeVote(trx, contentId, viewer.id);
    if (changed) emit({ type: 'idea.voted', contentId });
  });
  return getItem(ctx, viewer, contentId);
}

export async function setFollow(ctx: AppContext, viewer: Viewer, contentId: number, following: boolean) {
  await loadIdea(ctx, viewer, contentId);
  const { db } = ctx.database;
  if (following) await repo.follow(db, contentId, viewer.id);
  else await repo.unfollow(db, contentId, viewer.id);
  return getItem(ctx, viewer, contentId);
}

/** A reviewer moves an idea along; the public reason is kept, author and followers are told once. */
export async function changeStatus(
  ctx: AppContext,
  viewer: Viewer,
  contentId: number,
  input: z.infer<typeof ideaStatusBody>,
) {
  const { idea, subject } = await loadIdea(ctx, viewer, contentId);
  const { db } = ctx.database;
  const rights = { admin: viewer.role === 'admin', reviewer: await repo.isReviewer(db, viewer.id) };
  const spaceAdmin = idea.space_id === null ? null : isSpaceAdmin(subject.membership);
  if (!mayReview(rights, spaceAdmin))
    throw fail.forbidden('Only the board’s reviewers may change an idea’s status.');
  let mergedInto: number | null = null;
  if (input.status === 'merged') {
    const target = input.mergedInto === undefined ? undefined : await repo.findIdea(db, input.mergedInto);
    if (
      !target ||
      target.content_id === contentId ||
      target.space_id !== idea.space_id ||
      target.state !== 'published'
    )
      throw fail.badRequest(
        'invalid_merge',
        'An idea can only be merged into another idea of the same board.',
      );
    mergedInto = target.content_id;
  }
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const changeId = await repo.changeStatus(trx, contentId, {
      status: input.status,
      reason: input.reason,
      mergedInto,
      actorId: viewer.id,
      now: isoNow(ctx.clock),
    });
    emit({ type: 'idea.status_changed', contentId, changeId, actorId: viewer.id });
  });
  return getItem(ctx, viewer, contentId);
}

/** A board's ideas the viewer may read, by votes or newest first, optionally of one status. */
export async function listIdeas(ctx: AppContext, viewer: Viewer, query: z.infer<typeof ideasQuery>) {
  const { db } = ctx.database;
  if (query.spaceId !== undefined && !(await mayReadSpaceContent(db, viewer.id, query.spaceId)))
    throw fail.notFound('This space does not exist or is not visible to you.');
  const offset = readCursor(query.cursor, ['number'])?.[0] ?? 0;
  const rows = await repo.boardIdeas(db, {
    spaceId: query.spaceId ?? null,
    status: query.status,
    sort: query.sort,
    offset,
    limit: query.limit,
  });
  const ids = rows.slice(0, query.limit).map((row) => row.id);
  return {
    items: await hydrate(ctx, viewer, ids),
    nextCursor: rows.length > query.limit ? encodeCursor([offset + query.limit]) : null,
  };
}

/** Administrators give or take the company board's reviewer right (recorded in the audit trail). */
export async function setReviewerRight(ctx: AppContext, viewer: Viewer, userId: number, reviewer: boolean) {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators may do this.');
  const { db } = ctx.database;
  if (!(await repo.userExists(db, userId))) throw fail.notFound('This person does not exist.');
  await ctx.database.transaction(async (trx) => {
    await repo.setReviewer(trx, userId, reviewer);
    await auditRepo.insertAuditEntry(trx, {
      actorId: viewer.id,
      action: reviewer ? 'ideas.reviewer_granted' : 'ideas.reviewer_revoked',
      spaceId: null,
      details: { userId },
      now: isoNow(ctx.clock),
    });
  });
  return { userId, ideasReviewer: reviewer };
}

export async function listReviewers(ctx: AppContext) {
  return { items: await repo.reviewers(ctx.database.db) };
}

/** The company board's reviewer right in the administration's people rights (users/admin-rights.routes.ts). */
export const ideasReviewerRight: AdminRight = {
  field: 'ideasReviewer',
  summary: 'reviewing the company-wide ideas board',
  set: async (ctx, viewer, userId, on) => (await setReviewerRight(ctx, viewer, userId, on)).ideasReviewer,
  holders: async (ctx) => (await repo.reviewers(ctx.database.db)).map((person) => person.id),
};
