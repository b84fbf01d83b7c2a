import type { UserRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';

export const mayEditProfile = (viewer: Viewer, target: Pick<UserRow, 'id'>): boolean =>
  viewer.id === target.id || viewer.role === 'admin';

/** Admins manage accounts, but never their own status: nobody locks themselves out by a misclick. */
export const mayChangeStatus = (viewer: Viewer, target: Pick<UserRow, 'id'>): boolean =>
  viewer.role === 'admin' && viewer.id !== target.id;

export const mayListDeactivated = (viewer: Viewer): boolean => viewer.role === 'admin';
