import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { requireDesk } from './desk.service.js';
import * as repo from './posts.repo.js';

/** A channel post's picture, for the desk. */
export async function readPostMedia(ctx: AppContext, viewer: Viewer, postId: number, fileId: string) {
  await requireDesk(ctx, viewer);
  const item = (await repo.mediaOf(ctx.database.db, [postId])).find((media) => media.file_id === fileId);
  if (!item) throw fail.notFound('No such picture.');
  const bytes = await ctx.storage.get(item.storage_key);
  if (!bytes) throw fail.notFound('No such picture.');
  return { meta: { name: item.name, mime: item.mime, kind: 'image' }, bytes };
}
