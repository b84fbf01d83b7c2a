import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { assertImage, squareWebp } from '../../lib/images.js';
import { newSecret } from '../../lib/secrets.js';
import { mayManageSpace } from '../access/rules.js';
import * as repo from './spaces.repo.js';
import { getSpace, loadSpace } from './spaces.service.js';

const SIZE = 256;

/** A space's picture: square WebP without metadata, set by its admins, seen by whoever may see the space. */
export async function setSpaceAvatar(ctx: AppContext, viewer: Viewer, spaceId: number, bytes: Buffer | null) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayManageSpace(viewer, membership))
    throw fail.forbidden('Only the space’s admins may change its picture.');
  let key: string | null = null;
  if (bytes) {
    await assertImage(bytes);
    key = `spaces/${spaceId}/${newSecret(12)}`;
    await ctx.storage.put(`${key}.webp`, await squareWebp(bytes, SIZE));
  }
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateSpace(trx, spaceId, { avatar_key: key, updated_at: isoNow(ctx.clock) });
    // Every item in the space shows its picture (stream/item-cache.events.ts).
    emit({ type: 'space.changed', spaceId });
    if (space.avatar_key) emit({ type: 'storage.orphaned', keys: [`${space.avatar_key}.webp`] });
  });
  return getSpace(ctx, viewer, spaceId);
}

export async function readSpaceAvatar(ctx: AppContext, viewer: Viewer, spaceId: number) {
  const { space } = await loadSpace(ctx, viewer, spaceId);
  const bytes = space.avatar_key ? await ctx.storage.get(`${space.avatar_key}.webp`) : null;
  if (!bytes) throw fail.notFound('This space has no picture.');
  return bytes;
}
