import type { SpaceRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';
import { isSpaceAdmin, type Membership, mayReadSpace } from '../spaces/spaces.policy.js';

/** Editors publish company news; admins may do whatever editors may. */
export const isEditor = (viewer: Pick<Viewer, 'role'>) => viewer.role === 'editor' || viewer.role === 'admin';

/**
 * Who writes, edits, publishes and sees the working states of an article: for company news the
 * editors; for an article in a space its admins, and editors who may read that space.
 */
export function mayManageArticle(
  viewer: Viewer,
  space: SpaceRow | undefined,
  membership: Membership,
): boolean {
  if (!space) return isEditor(viewer);
  return isSpaceAdmin(membership) || (isEditor(viewer) && mayReadSpace(space, membership));
}

/** Only editors put an article on the public newsroom, and only what everyone inside may read. */
export const mayMakePublic = (viewer: Viewer, space: SpaceRow | undefined) =>
  isEditor(viewer) && (!space || space.visibility === 'public');

/** Reading time at 200 words a minute, at least one. */
export function readingMinutes(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 200));
}
