import { describe, expect, it } from 'vitest';
import type { SpaceRow } from '../../db/schema.js';
import {
  articleContentPolicy,
  type ContentSubject,
  contentPermissions,
  defaultContentPolicy,
  joinAction,
  type Membership,
  mayChooseNewPersonManager,
  mayCreateSpace,
  mayCreateStaff,
  mayDeleteComment,
  mayEditComment,
  mayGiveNewPersonRole,
  mayIssueAccessCode,
  mayLeave,
  mayMakePublic,
  mayManageArticle,
  mayManageSpace,
  mayPostIn,
  mayReadSpace,
  maySeeSpace,
  moderatesContent,
  peopleBelow,
  type StaffSubject,
} from './rules.js';

const member = { id: 1, role: 'member' as const };
const other = { id: 2, role: 'member' as const };
const editor = { id: 3, role: 'editor' as const };
const admin = { id: 4, role: 'admin' as const };

const space = (fields: Partial<SpaceRow> = {}) =>
  ({ id: 9, visibility: 'public', archived_at: null, mandatory: 0, ...fields }) as SpaceRow;
const joined: Membership = { role: 'member', status: 'member' };
const spaceAdmin: Membership = { role: 'admin', status: 'member' };
const invited: Membership = { role: 'member', status: 'invited' };
const requested: Membership = { role: 'member', status: 'requested' };

const inSpace = (membership: Membership, fields: Partial<SpaceRow> = {}): ContentSubject => ({
  authorId: member.id,
  profileUserId: null,
  space: space(fields),
  membership,
});
const onProfile = (ownerId: number): ContentSubject => ({
  authorId: ownerId,
  profileUserId: ownerId,
  space: undefined,
  membership: undefined,
});

describe('space rules', () => {
  it('lets space admins and organisation admins manage members and settings', () => {
    expect(mayManageSpace(member, spaceAdmin)).toBe(true);
    expect(mayManageSpace(admin, undefined)).toBe(true);
    expect(mayManageSpace(member, joined)).toBe(false);
    expect(mayManageSpace(member, { role: 'admin', status: 'invited' })).toBe(false);
  });
  it('lets members post unless the space is archived', () => {
    expect(mayPostIn(space(), joined)).toBe(true);
    expect(mayPostIn(space(), invited)).toBe(false);
    expect(mayPostIn(space({ archived_at: '2026-01-01' }), joined)).toBe(false);
  });
  it('hides secret spaces from all but members, invitees and admins; reading needs membership unless public', () => {
    expect(maySeeSpace(member, space({ visibility: 'secret' }), undefined)).toBe(false);
    expect(maySeeSpace(member, space({ visibility: 'secret' }), invited)).toBe(true);
    expect(maySeeSpace(admin, space({ visibility: 'secret' }), undefined)).toBe(true);
    expect(mayReadSpace(space({ visibility: 'private' }), requested)).toBe(false);
    expect(mayReadSpace(space({ visibility: 'private' }), joined)).toBe(true);
    expect(mayReadSpace(space(), undefined)).toBe(true);
  });
  it('offers the right way in and out', () => {
    expect(joinAction(space(), undefined)).toBe('join');
    expect(joinAction(space({ visibility: 'private' }), undefined)).toBe('request');
    expect(joinAction(space({ visibility: 'secret' }), invited)).toBe('accept');
    expect(joinAction(space({ visibility: 'secret' }), undefined)).toBe('none');
    expect(mayLeave(space({ mandatory: 1 }), joined)).toBe(false);
    expect(mayLeave(space(), joined)).toBe(true);
    expect(mayCreateSpace(member, 'admins')).toBe(false);
    expect(mayCreateSpace(member, 'everyone')).toBe(true);
  });
});

describe('content rules (default policy)', () => {
  it('lets only the author edit', () => {
    expect(defaultContentPolicy.edit(member, inSpace(joined))).toBe(true);
    expect(defaultContentPolicy.edit(admin, inSpace(undefined))).toBe(false);
  });
  it('lets the author and moderators delete: space admins, organisation admins, the profile owner', () => {
    expect(defaultContentPolicy.delete(member, inSpace(joined))).toBe(true);
    expect(defaultContentPolicy.delete(other, inSpace(joined))).toBe(false);
    expect(defaultContentPolicy.delete(other, inSpace(spaceAdmin))).toBe(true);
    expect(defaultContentPolicy.delete(admin, inSpace(undefined))).toBe(true);
    expect(defaultContentPolicy.delete(other, { ...onProfile(other.id), authorId: member.id })).toBe(true);
    expect(moderatesContent(other, onProfile(member.id))).toBe(false);
  });
  it('pins only in spaces, by their admins', () => {
    expect(defaultContentPolicy.pin(other, inSpace(spaceAdmin))).toBe(true);
    expect(defaultContentPolicy.pin(admin, inSpace(undefined))).toBe(true);
    expect(defaultContentPolicy.pin(member, inSpace(joined))).toBe(false);
    expect(defaultContentPolicy.pin(admin, onProfile(admin.id))).toBe(false);
  });
  it('closes comments in archived spaces', () => {
    expect(defaultContentPolicy.comment(member, inSpace(joined))).toBe(true);
    expect(defaultContentPolicy.comment(member, inSpace(joined, { archived_at: '2026-01-01' }))).toBe(false);
    expect(defaultContentPolicy.comment(member, onProfile(other.id))).toBe(true);
    expect(defaultContentPolicy.react(member, inSpace(joined))).toBe(true);
  });
  it('gives presenters the same answers as the services', () => {
    expect(contentPermissions(other, inSpace(spaceAdmin), defaultContentPolicy)).toEqual({
      edit: false,
      delete: true,
      pin: true,
      comment: true,
    });
  });
});

describe('comment rules', () => {
  it('lets the author edit, and the author or the item’s moderators delete', () => {
    expect(mayEditComment(member, { author_id: member.id })).toBe(true);
    expect(mayEditComment(admin, { author_id: member.id })).toBe(false);
    expect(mayDeleteComment(other, { author_id: member.id }, false)).toBe(false);
    expect(mayDeleteComment(other, { author_id: member.id }, true)).toBe(true);
  });
});

describe('article rules', () => {
  const policy = { ...defaultContentPolicy, ...articleContentPolicy };
  it('lets editors manage company news, space admins and reading editors manage space articles', () => {
    expect(mayManageArticle(editor, undefined, undefined)).toBe(true);
    expect(mayManageArticle(member, undefined, undefined)).toBe(false);
    expect(mayManageArticle(member, space({ visibility: 'secret' }), spaceAdmin)).toBe(true);
    expect(mayManageArticle(editor, space({ visibility: 'secret' }), undefined)).toBe(false);
    expect(mayManageArticle(editor, space(), undefined)).toBe(true);
  });
  it('edits and deletes by the manage rule, not by authorship', () => {
    const company: ContentSubject = {
      authorId: member.id,
      profileUserId: null,
      space: undefined,
      membership: undefined,
    };
    expect(policy.delete(member, company)).toBe(false);
    expect(policy.delete(editor, company)).toBe(true);
    expect(policy.edit(editor, company)).toBe(true);
  });
  it('makes public only what everyone inside may read, by editors', () => {
    expect(mayMakePublic(editor, undefined)).toBe(true);
    expect(mayMakePublic(editor, space({ visibility: 'private' }))).toBe(false);
    expect(mayMakePublic(member, undefined)).toBe(false);
  });
});

describe('staff without e-mail', () => {
  const lead = { id: 10, role: 'member' as const, staffLead: true };
  const plain = { ...member, staffLead: false };
  const orgAdmin = { ...admin, staffLead: false };
  const report: StaffSubject = { role: 'member', hasEmail: false, hasRights: false, belowActor: true };

  it('lets admins and team leads with the right create people, only admins choose a role', () => {
    expect(mayCreateStaff(orgAdmin)).toBe(true);
    expect(mayCreateStaff(lead)).toBe(true);
    expect(mayCreateStaff(plain)).toBe(false);
    expect(mayCreateStaff({ ...editor, staffLead: false })).toBe(false);
    expect(mayGiveNewPersonRole(lead, 'member')).toBe(true);
    expect(mayGiveNewPersonRole(lead, 'admin')).toBe(false);
    expect(mayGiveNewPersonRole(lead, 'editor')).toBe(false);
    expect(mayGiveNewPersonRole(orgAdmin, 'admin')).toBe(true);
  });

  it('puts a lead’s new person under the lead or someone below', () => {
    expect(mayChooseNewPersonManager(lead, lead.id, false)).toBe(true);
    expect(mayChooseNewPersonManager(lead, 77, true)).toBe(true);
    expect(mayChooseNewPersonManager(lead, 77, false)).toBe(false);
    expect(mayChooseNewPersonManager(plain, plain.id, false)).toBe(false);
    expect(mayChooseNewPersonManager(orgAdmin, 77, false)).toBe(true);
  });

  it('lets a lead print codes only for plain members without e-mail below them', () => {
    expect(mayIssueAccessCode(lead, report)).toBe(true);
    expect(mayIssueAccessCode(lead, { ...report, belowActor: false })).toBe(false);
    expect(mayIssueAccessCode(lead, { ...report, hasEmail: true })).toBe(false);
    expect(mayIssueAccessCode(lead, { ...report, role: 'admin' })).toBe(false);
    expect(mayIssueAccessCode(lead, { ...report, role: 'editor' })).toBe(false);
    expect(mayIssueAccessCode(lead, { ...report, hasRights: true })).toBe(false);
    expect(mayIssueAccessCode(plain, report)).toBe(false);
    expect(
      mayIssueAccessCode(orgAdmin, { ...report, belowActor: false, hasEmail: true, role: 'admin' }),
    ).toBe(true);
  });

  it('finds everyone below a lead through the chain, and survives loops', () => {
    const links = [
      { id: 1, manager_id: null },
      { id: 2, manager_id: 1 },
      { id: 3, manager_id: 2 },
      { id: 4, manager_id: 3 },
      { id: 5, manager_id: 1 },
      { id: 6, manager_id: 7 },
      { id: 7, manager_id: 6 },
    ];
    expect([...peopleBelow(links, 2)].sort()).toEqual([3, 4]);
    expect([...peopleBelow(links, 1)].sort()).toEqual([2, 3, 4, 5]);
    expect([...peopleBelow(links, 4)]).toEqual([]);
    expect([...peopleBelow(links, 6)]).toEqual([7]);
  });
});
