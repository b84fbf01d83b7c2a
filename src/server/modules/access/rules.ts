import type { MembershipRow, SpaceRow } from '../../db/schema.js';
import type { Viewer } from '../../http/viewer.js';

/*
 * The rulebook: "may this viewer do ACTION to THING", for every write and moderation action, as
 * pure functions over loaded rows (Outline's server/policies, immich's requireAccess). Services call
 * these before they change anything, presenters call the same functions for the `permissions` each
 * item and comment carries, so a button is shown exactly when the action would succeed.
 * Reading is decided elsewhere: in SQL by the access module (access.repo.ts), for every list.
 */

export type Actor = Pick<Viewer, 'id' | 'role'>;
export type Membership = Pick<MembershipRow, 'role' | 'status'> | undefined;

/* Spaces. */

export const isMember = (membership: Membership) => membership?.status === 'member';
export const isSpaceAdmin = (membership: Membership) =>
  membership?.status === 'member' && membership.role === 'admin';
const isAdmin = (actor: Actor) => actor.role === 'admin';

/** Manage a space (settings, members, avatar) and moderate in it: its admins and organisation admins. */
export const mayManageSpace = (actor: Actor, membership: Membership) =>
  isAdmin(actor) || isSpaceAdmin(membership);

export const mayCreateSpace = (actor: Actor, spaceCreation: string) =>
  spaceCreation === 'everyone' || isAdmin(actor);

export const mayPostIn = (space: SpaceRow, membership: Membership) =>
  space.archived_at === null && isMember(membership);

/** Whether the viewer may see that the space exists at all. */
export const maySeeSpace = (actor: Actor, space: SpaceRow, membership: Membership) =>
  space.visibility !== 'secret' ||
  isAdmin(actor) ||
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

/* Content in a stream (posts, articles and every later kind). */

/** An item with where it lives: a space (with the viewer's membership), a profile, or the company. */
export interface ContentSubject {
  authorId: number;
  profileUserId: number | null;
  space: SpaceRow | undefined;
  membership: Membership;
}

/**
 * Moderating an item (deleting it and others' comments on it): organisation admins; in a space its
 * admins; on a profile its owner.
 */
export const moderatesContent = (actor: Actor, subject: ContentSubject) =>
  isAdmin(actor) || (subject.space ? isSpaceAdmin(subject.membership) : subject.profileUserId === actor.id);

export type ContentAction = 'edit' | 'delete' | 'pin' | 'comment' | 'react';
export type ContentRule = (actor: Actor, subject: ContentSubject) => boolean;
/** The rule of each action on an item; a kind may replace some (see kinds/registry.ts). */
export type ContentPolicy = Record<ContentAction, ContentRule>;

const spaceOpen = (subject: ContentSubject) => !subject.space || subject.space.archived_at === null;

export const defaultContentPolicy: ContentPolicy = {
  edit: (actor, subject) => subject.authorId === actor.id,
  delete: (actor, subject) => subject.authorId === actor.id || moderatesContent(actor, subject),
  pin: (actor, subject) => subject.space !== undefined && mayManageSpace(actor, subject.membership),
  comment: (_actor, subject) => spaceOpen(subject),
  react: () => true,
};

/** The `permissions` object every feed item carries. */
export const contentPermissions = (actor: Actor, subject: ContentSubject, policy: ContentPolicy) => ({
  edit: policy.edit(actor, subject),
  delete: policy.delete(actor, subject),
  pin: policy.pin(actor, subject),
  comment: policy.comment(actor, subject),
});

/* Comments. */

export const mayEditComment = (actor: Actor, comment: { author_id: number }) =>
  comment.author_id === actor.id;
/** The author, or whoever moderates the item the comment belongs to. */
export const mayDeleteComment = (actor: Actor, comment: { author_id: number }, moderates: boolean) =>
  comment.author_id === actor.id || moderates;

/* Articles. */

/** Editors publish company news; admins may do whatever editors may. */
export const isEditor = (actor: Pick<Actor, 'role'>) => actor.role === 'editor' || actor.role === 'admin';

/**
 * Who writes, edits, publishes, archives, deletes, reminds about and sees the working states and
 * confirmations of an article: for company news the editors; for an article in a space its admins,
 * and editors who may read that space.
 */
export function mayManageArticle(actor: Actor, space: SpaceRow | undefined, membership: Membership): boolean {
  if (!space) return isEditor(actor);
  return isSpaceAdmin(membership) || (isEditor(actor) && mayReadSpace(space, membership));
}

/** Only editors put an article on the public newsroom, and only what everyone inside may read. */
export const mayMakePublic = (actor: Actor, space: SpaceRow | undefined) =>
  isEditor(actor) && (!space || space.visibility === 'public');

/** An article's rules for the actions every item has: its managers edit and delete it. */
export const articleContentPolicy: Partial<ContentPolicy> = {
  edit: (actor, subject) => mayManageArticle(actor, subject.space, subject.membership),
  delete: (actor, subject) => mayManageArticle(actor, subject.space, subject.membership),
};
