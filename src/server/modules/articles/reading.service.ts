import type { z } from 'zod';
import type { Article, ArticleSummary, articlesQuery } from '../../../shared/api/articles.js';
import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import type { Viewer } from '../../http/viewer.js';
import { mentionedUserIds, withMentionNames } from '../../lib/markdown.js';
import { mayManageArticle } from '../access/rules.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { loadArticle, notFound } from './articles.load.js';
import { type ArticleParts, toArticle, toArticleSummary } from './articles.presenter.js';
import * as repo from './articles.repo.js';
import * as mustReadRepo from './must-read.repo.js';

/* Reading articles: one, a page of them, categories, revisions. */

async function parts(ctx: AppContext, viewer: Viewer, rows: repo.ArticleRecord[]): Promise<ArticleParts[]> {
  const { db } = ctx.database;
  const ids = rows.map((row) => row.id);
  const spaceIds = [...new Set(rows.flatMap((row) => (row.space_id === null ? [] : [row.space_id])))];
  const coverIds = rows.flatMap((row) => (row.cover_file_id ? [row.cover_file_id] : []));
  const [authors, spaces, memberships, covers, mustReadSpaces, confirmations, open] = await Promise.all([
    usersRepo.findUsersByIds(db, [...new Set(rows.map((row) => row.author_id))]),
    spacesRepo.findSpacesByIds(db, spaceIds),
    spacesRepo.findMemberships(db, spaceIds, viewer.id),
    repo.filesByIds(db, coverIds),
    repo.mustReadSpaceIds(db, ids),
    mustReadRepo.confirmationsOf(db, viewer.id, ids),
    rows.some((row) => row.must_read === 1) ? mustReadRepo.openMustReads(db, viewer.id) : Promise.resolve([]),
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
      },
    ];
  });
}

export async function getArticle(ctx: AppContext, viewer: Viewer, id: number): Promise<Article> {
  const { row } = await loadArticle(ctx, viewer, id, 'read');
  const [part] = await parts(ctx, viewer, [row]);
  if (!part) throw notFound();
  const images = await repo.filesOf(ctx.database.db, id);
  const organisation = await findOrganisation(ctx.database.db);
  const locale = (viewer.locale ?? organisation?.default_locale ?? 'de') === 'en' ? 'en' : 'de';
  const article = toArticle(part, images, ctx.config.publicUrl, locale);
  const [mentioned, extensions] = await Promise.all([
    usersRepo.findUsersByIds(ctx.database.db, mentionedUserIds(row.body_html)),
    // What other kinds add to articles (kinds/registry.ts `ExtensionPart`), as in the article's feed item.
    ctx.kinds.partsOf('article', ctx.database.db, [id], viewer.id, ctx.clock.now()),
  ]);
  return {
    ...article,
    ...extensions.get(id),
    html: withMentionNames(article.html, (userId) => mentioned.find((person) => person.id === userId)?.name),
  };
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
