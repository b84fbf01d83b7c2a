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

/* Staff without e-mail: people an admin or a team lead creates, and their access codes. */

/** An actor with the team-lead right (`users.staff_lead`, given by an admin; admins have it anyway). */
export type StaffActor = Actor & { staffLead: boolean };

/** The person an access code would be printed for, with where they stand relative to the actor. */
export interface StaffSubject {
  role: Actor['role'];
  /** A real address (not the placeholder of people without e-mail): they can reset a password themselves. */
  hasEmail: boolean;
  /** A right beyond the role (social media desk, team lead). */
  hasRights: boolean;
  /** Below the actor in the manager chain (a report, a report's report, …). */
  belowActor: boolean;
}

/** Creating people without e-mail: admins, and team leads with the right. */
export const mayCreateStaff = (actor: StaffActor) => isAdmin(actor) || actor.staffLead;

/** Only admins give a new person a role other than member. */
export const mayGiveNewPersonRole = (actor: StaffActor, role: Actor['role']) =>
  isAdmin(actor) || role === 'member';

/** A team lead's new person reports to the lead or to someone below the lead; admins choose anyone. */
export const mayChooseNewPersonManager = (actor: StaffActor, managerId: number, managerBelowActor: boolean) =>
  isAdmin(actor) || (actor.staffLead && (managerId === actor.id || managerBelowActor));

/**
 * Printing an access code (which ends the person's sessions and lets whoever holds it set their
 * password): admins for anyone; a team lead only for plain members without e-mail and without extra
 * rights below them in the manager chain — never for an admin, an editor or a colleague who can
 * reset their own password, so the right cannot take over anyone else's account.
 */
export const mayIssueAccessCode = (actor: StaffActor, person: StaffSubject) =>
  isAdmin(actor) ||
  (actor.staffLead && person.belowActor && person.role === 'member' && !person.hasEmail && !person.hasRights);

/**
 * Everyone below `leadId` in the manager chain, from all `(id, manager_id)` links (the users table
 * is small). A loop in old data cannot recurse forever: each person is visited once.
 */
export function peopleBelow(links: readonly { id: number; manager_id: number | null }[], leadId: number) {
  const reportsOf = new Map<number, number[]>();
  for (const link of links) {
    if (link.manager_id === null) continue;
    const list = reportsOf.get(link.manager_id) ?? [];
    list.push(link.id);
    reportsOf.set(link.manager_id, list);
  }
  const below = new Set<number>();
  const queue = [...(reportsOf.get(leadId) ?? [])];
  while (queue.length > 0) {
    const id = queue.pop() as number;
    if (id === leadId || below.has(id)) continue;
    below.add(id);
    queue.push(...(reportsOf.get(id) ?? []));
  }
  return below;
}
