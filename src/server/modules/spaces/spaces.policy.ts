import type { MembershipRow, SpaceRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';

export type Membership = Pick<MembershipRow, 'role' | 'status'> | undefined;

export const isMember = (membership: Membership) => membership?.status === 'member';
export const isSpaceAdmin = (membership: Membership) =>
  membership?.status === 'member' && membership.role === 'admin';

/** Space admins, and organisation admins for moderation. */
export const mayManageSpace = (viewer: Viewer, membership: Membership) =>
  viewer.role === 'admin' || isSpaceAdmin(membership);

export const mayCreateSpace = (viewer: Viewer, spaceCreation: string) =>
  spaceCreation === 'everyone' || viewer.role === 'admin';

export const mayPostIn = (space: SpaceRow, membership: Membership) =>
  space.archived_at === null && isMember(membership);

/** Whether the viewer may see that the space exists at all. */
export const maySeeSpace = (viewer: Viewer, space: SpaceRow, membership: Membership) =>
  space.visibility !== 'secret' ||
  viewer.role === 'admin' ||
  membership?.status === 'member' ||
  membership?.status === 'invited';

/** Whether the viewer may read the space's content (the SQL twin lives in the access module). */
export const mayReadSpace = (space: SpaceRow, membership: Membership) =>
  space.visibility === 'public' || isMember(membership);

export function joinAction(space: SpaceRow, membership: Membership): 'join' | 'request' | 'accept' | 'none' {
  if (isMember(membership) || space.archived_at !== null) return 'none';
  if (membership?.status === 'invited') return 'accept';
  if (membership?.status === 'requested') return 'none';
  if (space.visibility === 'public') return 'join';
  if (space.visibility === 'private') return 'request';
  return 'none';
}

export const mayLeave = (space: SpaceRow, membership: Membership) =>
  isMember(membership) && space.mandatory === 0;
