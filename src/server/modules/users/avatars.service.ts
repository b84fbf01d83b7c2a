import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { assertImage, squareWebp } from '../../lib/images.js';
import { newSecret } from '../../lib/secrets.js';
import { mayEditProfile } from './users.policy.js';
import * as repo from './users.repo.js';

export const avatarSizes = [64, 256] as const;
export type AvatarSize = (typeof avatarSizes)[number];

const fileKey = (avatarKey: string, size: number) => `${avatarKey}-${size}.webp`;

export async function setAvatar(ctx: AppContext, viewer: Viewer, userId: number, bytes: Buffer) {
  const target = await repo.findUserById(ctx.database.db, userId);
  if (!target) throw fail.notFound('This person does not exist.');
  if (!mayEditProfile(viewer, target)) throw fail.forbidden('You may only change your own picture.');
  await storeAvatar(ctx, target, bytes);
}

/** Stores a checked, re-encoded picture as the person's avatar (callers decide who may). */
export async function storeAvatar(
  ctx: AppContext,
  target: { id: number; avatar_key: string | null },
  bytes: Buffer,
) {
  const userId = target.id;
  await assertImage(bytes);
  const avatarKey = `avatars/${userId}/${newSecret(12)}`;
  for (const size of avatarSizes) {
    await ctx.storage.put(fileKey(avatarKey, size), await squareWebp(bytes, size));
  }
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateUser(trx, userId, { avatar_key: avatarKey, updated_at: isoNow(ctx.clock) });
    // Feed items show the picture (stream/item-cache.events.ts).
    emit({ type: 'user.changed', userId });
    if (target.avatar_key) emit({ type: 'storage.orphaned', keys: avatarFiles(target.avatar_key) });
  });
}

export async function removeAvatar(ctx: AppContext, viewer: Viewer, userId: number) {
  const target = await repo.findUserById(ctx.database.db, userId);
  if (!target) throw fail.notFound('This person does not exist.');
  if (!mayEditProfile(viewer, target)) throw fail.forbidden('You may only change your own picture.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateUser(trx, userId, { avatar_key: null, updated_at: isoNow(ctx.clock) });
    emit({ type: 'user.changed', userId });
    if (target.avatar_key) emit({ type: 'storage.orphaned', keys: avatarFiles(target.avatar_key) });
  });
}

const avatarFiles = (avatarKey: string) => avatarSizes.map((size) => fileKey(avatarKey, size));

export async function readAvatar(ctx: AppContext, _viewer: Viewer | null, userId: number, size: AvatarSize) {
  const target = await repo.findUserById(ctx.database.db, userId);
  if (!target?.avatar_key) throw fail.notFound('This person has no picture.');
  const bytes = await ctx.storage.get(fileKey(target.avatar_key, size));
  if (!bytes) throw fail.notFound('This person has no picture.');
  return bytes;
}
