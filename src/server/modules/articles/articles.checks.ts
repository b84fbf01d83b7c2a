import type { z } from 'zod';
import type { createArticleBody } from '../../../shared/api/articles.js';
import { extractHashtags, extractMentions } from '../../../shared/markup.js';
import { slugFromTitle } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import type { SpaceRow } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { renderArticleBody } from '../../lib/markdown.js';
import { mayReadSpaceContent } from '../access/access.repo.js';
import { mayMakePublic, mayManageArticle } from '../access/rules.js';
import * as contentRepo from '../content/content.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import * as repo from './articles.repo.js';

/* The checks and preparations shared by writing and publishing articles. */

/** Where the article may live: company-wide (editors) or a space the viewer may publish in. */
export async function checkContainer(ctx: AppContext, viewer: Viewer, spaceId: number | null) {
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

export type ArticleInput = z.infer<typeof createArticleBody>;

export async function checkOptions(
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
  // An audience is a space the editor may read: naming any other would reveal its members through
  // the confirmation list (and a secret space's existence through the answer).
  for (const spaceId of spaceIds) {
    if (!(await mayReadSpaceContent(ctx.database.db, viewer.id, spaceId)))
      throw fail.badRequest('invalid_audience', 'A must-read can only be addressed to spaces you may read.', {
        spaceIds: [spaceId],
      });
  }
  return spaceIds;
}

const imagePattern = /!\[[^\]]*\]\(\s*\/api\/v1\/files\/([A-Za-z0-9_-]{10,64})\/download[^)]*\)/g;

/** The ids of the images an article uses: its cover first, then those in its text. */
export function imageIdsOf(body: string, coverId: string | null): string[] {
  const inline = [...body.matchAll(imagePattern)].map((match) => match[1]);
  return [...new Set([...(coverId ? [coverId] : []), ...inline])];
}

export async function checkImages(
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
    for (const file of await repo.filesOf(ctx.database.db, articleId)) usable.add(file.id);
  }
  const missing = ids.filter((id) => !usable.has(id));
  if (missing.length)
    throw fail.badRequest('invalid_image', 'An image does not exist, is not yours or is used elsewhere.', {
      fileIds: missing,
    });
  if (coverId) {
    const [cover] = await repo.filesByIds(ctx.database.db, [coverId]);
    if (cover?.kind !== 'image') throw fail.badRequest('invalid_image', 'The cover must be an image.');
  }
}

export async function renderArticle(ctx: AppContext, body: string, authorId: number) {
  const mentions = await contentRepo.usersByHandle(ctx.database.db, extractMentions(body));
  return {
    html: renderArticleBody(body, mentions),
    mentionedUserIds: [...mentions.values()].filter((id) => id !== authorId),
    tags: extractHashtags(body),
  };
}

export async function uniqueSlug(ctx: AppContext, title: string, exceptId?: number) {
  const base = slugFromTitle(title);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugExists(ctx.database.db, slug, exceptId))) return slug;
  }
}

export function checkStateChange(from: string, to: string | undefined) {
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
export async function checkRights(ctx: AppContext, imageIds: string[]) {
  if (imageIds.length === 0) return;
  const files = await repo.filesByIds(ctx.database.db, imageIds);
  const lacking = files.filter((file) => !file.creator.trim() || !file.source.trim() || !file.licence.trim());
  if (lacking.length)
    throw fail.badRequest(
      'image_rights_missing',
      `Add creator, source and licence to every image before publishing (${lacking.map((f) => f.name).join(', ')}).`,
      { fileIds: lacking.map((file) => file.id) },
    );
}

/** Reading time at 200 words a minute, at least one. */
export function readingMinutes(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 200));
}
