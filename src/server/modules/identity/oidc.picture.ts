import type { AppContext } from '../../context.js';
import { OutboundRefused, outboundRequest } from '../../lib/outbound.js';
import { storeAvatar } from '../users/avatars.service.js';
import * as usersRepo from '../users/users.repo.js';

const MAX_PICTURE_BYTES = 5 * 1024 * 1024;

/**
 * The provider's `picture` becomes the avatar of a person who has none yet (a picture someone chose
 * in Kantine is never replaced). Fetched like every outgoing call (no private addresses unless
 * allowed); a picture that cannot be fetched or read is skipped, never failing the login.
 */
export async function importPicture(ctx: AppContext, userId: number, pictureUrl: string | null) {
  if (!pictureUrl) return;
  const user = await usersRepo.findUserById(ctx.database.db, userId);
  if (!user || user.avatar_key) return;
  try {
    const answer = await outboundRequest(pictureUrl, {
      method: 'GET',
      headers: { accept: 'image/*' },
      timeoutMs: 5000,
      allowPrivate: ctx.config.outboundAllowPrivate,
      maxBytes: MAX_PICTURE_BYTES,
    });
    if (answer.status !== 200 || !answer.complete) throw new Error(`picture answered ${answer.status}`);
    await storeAvatar(ctx, user, answer.bytes);
  } catch (error) {
    const reason = error instanceof OutboundRefused ? 'address refused' : String(error);
    ctx.log.warn({ userId, reason }, 'the sign-in provider’s picture was not taken as avatar');
  }
}
