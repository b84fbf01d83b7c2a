import type { z } from 'zod';
import type { changePasswordBody, createdToken, createTokenBody, TokenInfo } from '../../../shared/api/auth';
import type { Me, UserProfile, updateMeBody } from '../../../shared/api/users';
import { api, upload } from '../../lib/api';
import { meApi, queryKeys } from '../../lib/queries';
import { peopleApi } from '../people/queries';

/** Settings' API calls and query keys in one place (me, people and notification keys are shared). */

export const settingsKeys = {
  tokens: queryKeys.tokens,
};

/** Whose profile the form edits: one's own (through /me) or, for admins, anyone's. */
export type ProfileOwner = 'me' | number;
/** The profile's fields (both routes take them; the language is set elsewhere). */
export type ProfileChanges = Omit<z.input<typeof updateMeBody>, 'locale'>;

export const settingsApi = {
  updateProfile: (owner: ProfileOwner, changes: ProfileChanges): Promise<UserProfile> =>
    owner === 'me' ? meApi.update(changes) : peopleApi.update(owner, changes),
  setAvatar: (file: File, onProgress: (fraction: number) => void) =>
    upload<Me>('PUT', '/api/v1/me/avatar', file, onProgress),
  removeAvatar: () => api<Me>('DELETE', '/api/v1/me/avatar'),
  changePassword: (passwords: z.input<typeof changePasswordBody>) =>
    api<unknown>('PUT', '/api/v1/me/password', passwords),
  tokens: () => api<{ items: TokenInfo[] }>('GET', '/api/v1/tokens'),
  createToken: (token: z.input<typeof createTokenBody>, idempotencyKey: string) =>
    api<z.infer<typeof createdToken>>('POST', '/api/v1/tokens', token, { idempotencyKey }),
  revokeToken: (tokenId: number) => api<unknown>('DELETE', `/api/v1/tokens/${tokenId}`),
  /** Ends every session of mine, this one too. */
  logoutEverywhere: () => api<unknown>('DELETE', '/api/v1/sessions'),
};
