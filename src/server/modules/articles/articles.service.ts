import type { z } from 'zod';
import type {
  Article,
  ArticleSummary,
  articlesQuery,
  createArticleBody,
  publishArticleBody,
  updateArticleBody,
} from '../../../shared/api/articles.js';
import { extractHashtags, extractMentions } from '../../../shared/markup.js';
import { slugFromTitle } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import type { ArticlesTable, SpaceRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { renderArticleBody } from '../../lib/markdown.js';
import { mayReadContent } from '../access/access.repo.js';
import * as contentRepo from '../content/content.repo.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import type { Membership } from '../spaces/spaces.policy.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { mayMakePublic, mayManageArticle, readingMinutes } from './articles.policy.js';
import { type ArticleParts, toArticle, toArticleSummary } from './articles.presenter.js';
import * as repo from './articles.repo.js';

const notFound = () => fail.notFound('This article does not exist or is not visible to you.');

export interface LoadedArticle {
  row: repo.ArticleRecord;
  space: SpaceRow | undefined;
  membership: Membership;
  manages: boolean;
  readable: boolean;
}

/** The permission check of every article use case: 404 unless readable or managed, 403 when managing is needed. */
export async function loadArticle(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  need: 'read' | 'manage',
): Promise<LoadedArticle> {
  const { db } = ctx.database;
  const row = await repo.findArticle(db, id);
  if (!row) throw notFound();
  const space = row.space_id === null ? undefined : await spacesRepo.findSpace(db, row.space_id);
  const membership =
    row.space_id === null ? undefined : await spacesRepo.findMembership(db, row.space_id, viewer.id);
  const manages = mayManageArticle(viewer, space, membership);
  const readable = row.state === 'published' && (await mayReadContent(db, viewer.id, id));
  if (!readable && !manages) throw notFound();
  if (need === 'manage' && !manages)
    throw fail.forbidden('Only the editors of this article may do this.', 'not_an_editor');
  return { row, space, membership, manages, readable };
}

/** Where the article may live: company-wide (editors) or a space the viewer may publish in. */
async function checkContainer(ctx: AppContext, viewer: Viewer, spaceId: number | null) {
  if (spaceId === null) {
    if (!mayManageArticle(viewer, undefined, undefined))
      throw fail.forbidden('Only editors may write company news.', 'not_an_editor');
    return undefined;
  }
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayManageArticle(viewer, space, membership))
    throw fail.forbidden('Only the space’s admins and editors may write articles in it.', 'not_an_editor');
  if (space.archived_at) throw fail.forbidden('This space is archived.', 'space_archived');
  return space;
}

type ArticleInput = z.infer<typeof createArticleBody>;

async function checkOptions(
  ctx: AppContext,
  viewer: Viewer,
  space: SpaceRow | undefined,
  input: Pick<ArticleInput, 'isPublic' | 'mustRead'>,
) {
  if (input.isPublic && !mayMakePublic(viewer, space))
    throw space && viewer.role !== 'member'
      ? fail.badRequest('space_not_public', 'Only articles everyone inside may read can be public.')
      : fail.forbidden('Only editors may publish to the newsroom.', 'not_an_editor');
  const spaceIds = [...new Set(input.mustRead?.spaceIds ?? [])];
  if (space && spaceIds.some((id) => id !== space.id))
    throw fail.badRequest('invalid_audience', 'A space’s article can be a must-read only for that space.');
  for (const spaceId of spaceIds) await loadSpace(ctx, viewer, spaceId);
  return spaceIds;
}

const imagePattern = /!\[[^\]]*\]\(\s*\/api\/v1\/files\/([A-Za-z0-9_-]{10,64})\/download[^)]*\)/g;

/** The ids of the images an article uses: its cover first, then those in its text. */
export function imageIdsOf(body: string, coverId: string | null): string[] {
  const inline = [...body.matchAll(imagePattern)].map((match) => match[1]);
  return [...new Set([...(coverId ? [coverId] : []), ...inline])];
}

async function checkImages(
  ctx: AppContext,
  viewer: Viewer,
  ids: string[],
  coverId: string | null,
  articleId?: number,
) {
  const files = await contentRepo.findAttachableFiles(ctx.database.db, ids, viewer.id);
  const usable = new Set(
    files.filter((file) => file.content_id === null || file.content_id === articleId).map((file) => file.id),
  );
  // Files already in this article may have been added by another editor.
  if (articleId !== undefined) {
    for (const file of await ctx.database.db
      .selectFrom('files')
      .select('id')
      .where('content_id', '=', articleId)
      .execute())
      usable.add(file.id);
  }
  const missing = ids.filter((id) => !usable.has(id));
  if (missing.length)
    throw fail.badRequest('invalid_image', 'An image does not exist, is not yours or is used elsewhere.', {
      fileIds: missing,
    });
  if (coverId) {
    const cover = await ctx.database.db
      .selectFrom('files')
      .select('kind')
      .where('id', '=', coverId)
      .executeTakeFirst();
    if (cover?.kind !== 'image') throw fail.badRequest('invalid_image', 'The cover must be an image.');
  }
}

async function renderArticle(ctx: AppContext, body: string, authorId: number) {
  const mentions = await contentRepo.usersByHandle(ctx.database.db, extractMentions(body));
  return {
    html: renderArticleBody(body, mentions),
    mentionedUserIds: [...mentions.values()].filter((id) => id !== authorId),
    tags: extractHashtags(body),
  };
}

async function uniqueSlug(ctx: AppContext, title: string, exceptId?: number) {
  const base = slugFromTitle(title);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugExists(ctx.database.db, slug, exceptId))) return slug;
  }
}

export async function createArticle(ctx: AppContext, viewer: Viewer, input: ArticleInput): Promise<Article> {
  const space = await checkContainer(ctx, viewer, input.spaceId);
  const mustReadSpaces = await checkOptions(ctx, viewer, space, input);
  const images = imageIdsOf(input.body, input.coverImageId);
  await checkImages(ctx, viewer, images, input.coverImageId);
  const rendered = await renderArticle(ctx, input.body, viewer.id);
  const now = isoNow(ctx.clock);
  const slug = await uniqueSlug(ctx, input.title);
  const id = await ctx.database.transaction(async (trx) => {
    const contentId = await contentRepo.insertContent(trx, {
      type: 'article',
      spaceId: input.spaceId,
      profileUserId: null,
      authorId: viewer.id,
      state: 'draft',
      now,
      publishedAt: null,
    });
    await repo.insertArticle(trx, {
      content_id: contentId,
      title: input.title,
      teaser: input.teaser,
      body: input.body,
      body_html: rendered.html,
      category: input.category,
      slug,
      cover_file_id: input.coverImageId,
      is_public: Number(input.isPublic),
      guest_comments: input.guestComments,
      must_read: Number(input.mustRead !== null),
      must_read_deadline: input.mustRead?.deadline ?? null,
      scheduled_at: null,
      reading_minutes: readingMinutes(`${input.teaser} ${input.body}`),
      reminder_sent_at: null,
      last_editor_id: viewer.id,
    });
    await repo.replaceMustReadSpaces(trx, contentId, mustReadSpaces);
    await contentRepo.attachFiles(trx, contentId, images);
    return contentId;
  });
  return getArticle(ctx, viewer, id);
}

export async function updateArticle(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  input: z.infer<typeof updateArticleBody>,
): Promise<Article> {
  const { row, space: currentSpace } = await loadArticle(ctx, viewer, id, 'manage');
  const spaceId = input.spaceId === undefined ? row.space_id : input.spaceId;
  const space = spaceId === row.space_id ? currentSpace : await checkContainer(ctx, viewer, spaceId);
  if (spaceId !== row.space_id && row.state !== 'draft')
    throw fail.conflict('already_published', 'Only drafts can move to another space.');
  const next = {
    title: input.title ?? row.title,
    teaser: input.teaser ?? row.teaser,
    body: input.body ?? row.body,
    coverImageId: input.coverImageId === undefined ? row.cover_file_id : input.coverImageId,
    isPublic: input.isPublic ?? row.is_public === 1,
    mustRead:
      input.mustRead === undefined
        ? row.must_read === 1
          ? {
              spaceIds: (await repo.mustReadSpaceIds(ctx.database.db, [id])).map((r) => r.space_id),
              deadline: row.must_read_deadline,
            }
          : null
        : input.mustRead,
  };
  const mustReadSpaces = await checkOptions(ctx, viewer, space, next);
  const images = imageIdsOf(next.body, next.coverImageId);
  await checkImages(ctx, viewer, images, next.coverImageId, id);
  const rendered = await renderArticle(ctx, next.body, row.author_id);
  const stateChange = input.state && input.state !== row.state ? input.state : undefined;
  checkStateChange(row.state, stateChange);
  if (stateChange === 'published') await checkRights(ctx, images);
  const textChanged = next.title !== row.title || next.teaser !== row.teaser || next.body !== row.body;
  const published = row.state === 'published' || row.state === 'archived';
  const now = isoNow(ctx.clock);
  const previouslyMentioned = new Set(
    (await contentRepo.usersByHandle(ctx.database.db, extractMentions(row.body))).values(),
  );
  const slug =
    row.state === 'draft' && next.title !== row.title ? await uniqueSlug(ctx, next.title, id) : row.slug;
  await ctx.database.transaction(async (trx, afterCommit) => {
    // Edits after publishing keep what was there before as a revision.
    if (published && textChanged)
      await repo.insertRevision(trx, {
        contentId: id,
        title: row.title,
        teaser: row.teaser,
        body: row.body,
        editorId: viewer.id,
        now,
      });
    const changes: Partial<ArticlesTable> = {
      title: next.title,
      teaser: next.teaser,
      body: next.body,
      body_html: rendered.html,
      slug,
      cover_file_id: next.coverImageId,
      is_public: Number(next.isPublic),
      must_read: Number(next.mustRead !== null),
      must_read_deadline: next.mustRead?.deadline ?? null,
      reading_minutes: readingMinutes(`${next.teaser} ${next.body}`),
      last_editor_id: viewer.id,
      ...(input.category === undefined ? {} : { category: input.category }),
      ...(input.guestComments === undefined ? {} : { guest_comments: input.guestComments }),
      ...(stateChange === 'draft' ? { scheduled_at: null } : {}),
    };
    await repo.updateArticle(trx, id, changes);
    await repo.replaceMustReadSpaces(trx, id, mustReadSpaces);
    await contentRepo.attachFiles(trx, id, images);
    await repo.setContentState(trx, id, {
      state: stateChange ?? row.state,
      space_id: spaceId,
      updated_at: now,
    });
    if (published && textChanged) await contentRepo.markEdited(trx, id, now);
    await contentRepo.replaceTags(trx, id, rendered.tags);
    const newlyMentionedUserIds = rendered.mentionedUserIds.filter(
      (userId) => !previouslyMentioned.has(userId),
    );
    afterCommit(async () => {
      if (stateChange === 'archived')
        await ctx.events.publish({
          type: 'content.deleted',
          contentId: id,
          spaceId: row.space_id,
          profileUserId: null,
        });
      else if (stateChange === 'published')
        await ctx.events.publish({
          type: 'content.created',
          contentId: id,
          authorId: row.author_id,
          mentionedUserIds: [],
        });
      else if (published || row.state === 'published')
        await ctx.events.publish({
          type: 'content.updated',
          contentId: id,
          authorId: viewer.id,
          newlyMentionedUserIds,
        });
    });
  });
  return getArticle(ctx, viewer, id);
}

function checkStateChange(from: string, to: string | undefined) {
  if (!to) return;
  const allowed: Record<string, string[]> = {
    draft: [],
    scheduled: ['draft'],
    published: ['archived'],
    archived: ['published'],
  };
  if (!allowed[from]?.includes(to))
    throw fail.conflict(
      'invalid_state_change',
      to === 'published'
        ? 'Publish a draft through its publish action.'
        : `An article cannot go from ${from} to ${to}.`,
    );
}

/** Every image used in an article needs its creator, source and licence before it goes out. */
async function checkRights(ctx: AppContext, imageIds: string[]) {
  if (imageIds.length === 0) return;
  const files = await ctx.database.db
    .selectFrom('files')
    .select(['id', 'name', 'creator', 'source', 'licence'])
    .where('id', 'in', imageIds)
    .execute();
  const lacking = files.filter((file) => !file.creator.trim() || !file.source.trim() || !file.licence.trim());
  if (lacking.length)
    throw fail.badRequest(
      'image_rights_missing',
      `Add creator, source and licence to every image before publishing (${lacking.map((f) => f.name).join(', ')}).`,
      { fileIds: lacking.map((file) => file.id) },
    );
}

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

export async function deleteArticle(ctx: AppContext, viewer: Viewer, id: number) {
  const { row } = await loadArticle(ctx, viewer, id, 'manage');
  await ctx.database.transaction(async (trx, afterCommit) => {
    await contentRepo.deleteContent(trx, id);
    afterCommit(() =>
      ctx.events.publish({
        type: 'content.deleted',
        contentId: id,
        spaceId: row.space_id,
        profileUserId: null,
      }),
    );
  });
}

/* Reading. */

async function parts(ctx: AppContext, viewer: Viewer, rows: repo.ArticleRecord[]): Promise<ArticleParts[]> {
  const { db } = ctx.database;
  const ids = rows.map((row) => row.id);
  const spaceIds = [...new Set(rows.flatMap((row) => (row.space_id === null ? [] : [row.space_id])))];
  const coverIds = rows.flatMap((row) => (row.cover_file_id ? [row.cover_file_id] : []));
  const [authors, spaces, memberships, covers, mustReadSpaces, confirmations, open] = await Promise.all([
    usersRepo.findUsersByIds(db, [...new Set(rows.map((row) => row.author_id))]),
    spacesRepo.findSpacesByIds(db, spaceIds),
    spacesRepo.findMemberships(db, spaceIds, viewer.id),
    coverIds.length ? db.selectFrom('files').selectAll().where('id', 'in', coverIds).execute() : [],
    repo.mustReadSpaceIds(db, ids),
    repo.confirmationsOf(db, viewer.id, ids),
    rows.some((row) => row.must_read === 1) ? repo.openMustReads(db, viewer.id) : Promise.resolve([]),
  ]);
  const confirmedAt = new Map(confirmations.map((c) => [c.content_id, c.confirmed_at]));
  return rows.flatMap((row) => {
    const author = authors.find((user) => user.id === row.author_id);
    if (!author) return [];
    const space = spaces.find((s) => s.id === row.space_id);
    const membership = memberships.find((m) => m.space_id === row.space_id);
    const manages = mayManageArticle(viewer, space, membership);
    const confirmed = confirmedAt.get(row.id) ?? null;
    return [
      {
        row,
        author,
        space,
        cover: covers.find((file) => file.id === row.cover_file_id),
        mustReadSpaceIds: mustReadSpaces.filter((m) => m.content_id === row.id).map((m) => m.space_id),
        confirmationRequired: confirmed !== null || open.includes(row.id),
        confirmedAt: confirmed,
        manages,
        mayDelete: manages,
      },
    ];
  });
}

export async function getArticle(ctx: AppContext, viewer: Viewer, id: number): Promise<Article> {
  const { row } = await loadArticle(ctx, viewer, id, 'read');
  const [part] = await parts(ctx, viewer, [row]);
  if (!part) throw notFound();
  const images = await ctx.database.db
    .selectFrom('files')
    .selectAll()
    .where('content_id', '=', id)
    .orderBy('position')
    .execute();
  const organisation = await findOrganisation(ctx.database.db);
  const locale = (viewer.locale ?? organisation?.default_locale ?? 'de') === 'en' ? 'en' : 'de';
  return toArticle(part, images, ctx.config.publicUrl, locale);
}

export async function summaries(ctx: AppContext, viewer: Viewer, ids: number[]): Promise<ArticleSummary[]> {
  const rows = await repo.findArticlesByIds(ctx.database.db, ids);
  const byId = new Map((await parts(ctx, viewer, rows)).map((part) => [part.row.id, part]));
  return ids.flatMap((id) => {
    const part = byId.get(id);
    return part ? [toArticleSummary(part, ctx.config.publicUrl)] : [];
  });
}

export async function listArticles(ctx: AppContext, viewer: Viewer, query: z.infer<typeof articlesQuery>) {
  // Anyone may list published news; the working states list only what the viewer manages.
  const position = readCursor(query.cursor, ['string', 'number']);
  const page = {
    category: query.category,
    limit: query.limit,
    after: position && { at: position[0], id: position[1] },
  };
  const state = query.state ?? 'published';
  const { db } = ctx.database;
  const rows =
    state === 'published'
      ? await repo.listPublished(db, viewer.id, page)
      : await repo.listManaged(db, { id: viewer.id, isEditor: viewer.role !== 'member' }, state, page);
  const visible = rows.slice(0, query.limit);
  const last = visible.at(-1);
  return {
    items: await summaries(
      ctx,
      viewer,
      visible.map((row) => row.id),
    ),
    nextCursor: rows.length > query.limit && last?.at ? encodeCursor([last.at, last.id]) : null,
  };
}

export async function listCategories(ctx: AppContext, viewer: Viewer) {
  return { items: await repo.categories(ctx.database.db, viewer.id) };
}

export async function listRevisions(ctx: AppContext, viewer: Viewer, id: number) {
  await loadArticle(ctx, viewer, id, 'manage');
  const { db } = ctx.database;
  const rows = await repo.listRevisions(db, id);
  const editors = await usersRepo.findUsersByIds(db, [
    ...new Set(rows.flatMap((row) => (row.editor_id ? [row.editor_id] : []))),
  ]);
  return {
    items: rows.map((row) => {
      const editor = editors.find((user) => user.id === row.editor_id);
      return {
        id: row.id,
        title: row.title,
        teaser: row.teaser,
        body: row.body,
        editor: editor ? toUserSummary(editor) : null,
        createdAt: row.created_at,
      };
    }),
  };
}
