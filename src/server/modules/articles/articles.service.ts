import type { z } from 'zod';
import type { Article, updateArticleBody } from '../../../shared/api/articles.js';
import { extractMentions } from '../../../shared/markup.js';
import type { AppContext } from '../../context.js';
import type { ArticlesTable } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import * as contentRepo from '../content/content.repo.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import {
  type ArticleInput,
  checkContainer,
  checkImages,
  checkOptions,
  checkRights,
  checkStateChange,
  imageIdsOf,
  readingMinutes,
  renderArticle,
  uniqueSlug,
} from './articles.checks.js';
import { loadArticle } from './articles.load.js';
import * as repo from './articles.repo.js';
import { getArticle } from './reading.service.js';

/* Writing articles: create, edit (revisions after publishing, state changes), delete. */

/** An article body may also carry the fields other kinds add to articles (kinds/registry.ts `ContentExtension`). */
type Extensible = Record<string, unknown>;

export async function createArticle(
  ctx: AppContext,
  viewer: Viewer,
  input: ArticleInput & Extensible,
): Promise<Article> {
  const space = await checkContainer(ctx, viewer, input.spaceId);
  const claim = ctx.kinds.claimOf('article', input);
  claim?.extension.check?.(claim.value, ctx.clock.now());
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
    await claim?.extension.create(trx, contentId, claim.value);
    return contentId;
  });
  return getArticle(ctx, viewer, id);
}

export async function updateArticle(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  input: z.infer<typeof updateArticleBody> & Extensible,
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
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
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
    await ctx.kinds.replaceParts('article', trx, id, input, ctx.clock.now());
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
    if (stateChange === 'archived')
      emit({ type: 'content.deleted', contentId: id, spaceId: row.space_id, profileUserId: null });
    else if (stateChange === 'published')
      emit({ type: 'content.created', contentId: id, authorId: row.author_id, mentionedUserIds: [] });
    else if (published || row.state === 'published')
      emit({ type: 'content.updated', contentId: id, authorId: viewer.id, newlyMentionedUserIds });
  });
  return getArticle(ctx, viewer, id);
}

export async function deleteArticle(ctx: AppContext, viewer: Viewer, id: number) {
  const { row } = await loadArticle(ctx, viewer, id, 'manage');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const keys = await uploadsRepo.storageKeysOf(trx, { contentId: id });
    await contentRepo.deleteContent(trx, id);
    if (keys.length > 0) emit({ type: 'storage.orphaned', keys });
    emit({
      type: 'content.deleted',
      contentId: id,
      spaceId: row.space_id,
      profileUserId: null,
    });
  });
}
