import type { AppContext } from '../../context.js';
import type { SpaceRow } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { mayReadContent } from '../access/access.repo.js';
import { mayManageArticle } from '../access/rules.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as repo from './articles.repo.js';

/* Loading an article is the permission check of every article use case. */

export const notFound = () => fail.notFound('This article does not exist or is not visible to you.');

export interface LoadedArticle {
  row: repo.ArticleRecord;
  space: SpaceRow | undefined;
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
  return { row, space };
}
