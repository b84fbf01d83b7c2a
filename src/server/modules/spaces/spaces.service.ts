import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  createSpaceBody,
  listMembersQuery,
  listSpacesQuery,
  updateSpaceBody,
} from '../../../shared/api/spaces.js';
import { foldText, searchableText } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import type { DB, SpaceRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { membershipsChanged, membershipsOf } from '../access/memberships.js';
import {
  isMember,
  isSpaceAdmin,
  type Membership,
  mayCreateSpace,
  mayManageSpace,
  maySeeSpace,
} from '../access/rules.js';
import * as auditRepo from '../audit/audit.repo.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { toMember, toSpace } from './spaces.presenter.js';
import * as repo from './spaces.repo.js';

const notFound = () => fail.notFound('This space does not exist or is not visible to you.');

function nameCursor(cursor: string | undefined) {
  const position = readCursor(cursor, ['string', 'number']);
  return position && { name: position[0], id: position[1] };
}

/** Loads a space with the viewer's membership; secret spaces the viewer may not know of answer 404. */
export async function loadSpace(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
): Promise<{ space: SpaceRow; membership: Membership }> {
  const { db } = ctx.database;
  const space = await repo.findSpace(db, spaceId);
  if (!space) throw notFound();
  const membership = await repo.findMembership(db, spaceId, viewer.id);
  if (!maySeeSpace(viewer, space, membership)) throw notFound();
  return { space, membership };
}

/**
 * loadSpace for reading a space's stream: the space row fresh (its visibility counts at once), the
 * viewer's membership from access/memberships.ts (cached per person, dropped on every change).
 * Writes keep loadSpace, which reads the membership too.
 */
export async function loadSpaceToRead(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
): Promise<{ space: SpaceRow; membership: Membership }> {
  const [space, memberships] = await Promise.all([
    repo.findSpace(ctx.database.db, spaceId),
    membershipsOf(ctx, viewer.id),
  ]);
  if (!space) throw notFound();
  const membership = memberships.get(spaceId);
  if (!maySeeSpace(viewer, space, membership)) throw notFound();
  return { space, membership };
}

async function present(ctx: AppContext, viewer: Viewer, space: SpaceRow, membership: Membership) {
  const counts = await repo.countMembers(ctx.database.db, [space.id]);
  return toSpace(viewer, space, membership, counts.get(space.id) ?? 0);
}

export async function createSpace(ctx: AppContext, viewer: Viewer, input: z.infer<typeof createSpaceBody>) {
  const organisation = await orgRepo.findOrganisation(ctx.database.db);
  if (!mayCreateSpace(viewer, organisation?.space_creation ?? 'everyone')) {
    throw fail.forbidden('Only administrators may create spaces in this organisation.');
  }
  const now = isoNow(ctx.clock);
  const id = await ctx.database.transaction(async (trx, afterCommit, emit) => {
    membershipsChanged(ctx, afterCommit, { userIds: [viewer.id] });
    const spaceId = await repo.insertSpace(trx, {
      name: input.name,
      description: input.description,
      color: input.color.toLowerCase(),
      visibility: input.visibility,
      mandatory: 0,
      archived_at: null,
      created_by: viewer.id,
      search_text: searchableText([input.name, input.description]),
      created_at: now,
      updated_at: now,
    });
    await repo.upsertMembership(trx, spaceId, viewer.id, 'admin', 'member', now);
    emit({ type: 'space.changed', spaceId, created: true });
    return spaceId;
  });
  const { space, membership } = await loadSpace(ctx, viewer, id);
  return present(ctx, viewer, space, membership);
}

export async function getSpace(ctx: AppContext, viewer: Viewer, spaceId: number) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  return present(ctx, viewer, space, membership);
}

export async function listSpaces(ctx: AppContext, viewer: Viewer, query: z.infer<typeof listSpacesQuery>) {
  const { db } = ctx.database;
  const rows = await repo.listSpaces(db, {
    viewerId: viewer.id,
    viewerIsAdmin: viewer.role === 'admin',
    terms: query.q ? foldText(query.q).split(' ').filter(Boolean).slice(0, 6) : [],
    mine: query.mine === 'true',
    after: nameCursor(query.cursor),
    limit: query.limit,
  });
  const items = rows.slice(0, query.limit);
  const ids = items.map((row) => row.id);
  const [memberships, counts] = await Promise.all([
    repo.findMemberships(db, ids, viewer.id),
    repo.countMembers(db, ids),
  ]);
  const bySpace = new Map(memberships.map((m) => [m.space_id, m]));
  const last = items.at(-1);
  return {
    items: items.map((row) => toSpace(viewer, row, bySpace.get(row.id), counts.get(row.id) ?? 0)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

export async function updateSpace(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  input: z.infer<typeof updateSpaceBody>,
) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayManageSpace(viewer, membership)) throw fail.forbidden('Only the space’s admins may change it.');
  if (input.mandatory !== undefined && viewer.role !== 'admin')
    throw fail.forbidden('Only organisation admins may make a space mandatory.');
  if (input.mandatory && (input.visibility ?? space.visibility) !== 'public') {
    throw fail.badRequest('mandatory_public', 'A mandatory space must be public.');
  }
  if (
    input.visibility &&
    input.visibility !== 'public' &&
    space.mandatory === 1 &&
    input.mandatory !== false
  ) {
    throw fail.badRequest('mandatory_public', 'A mandatory space must be public.');
  }
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    emit({ type: 'space.changed', spaceId });
    // Visibility, mandatory enrolment: every cached membership of the space is dropped.
    membershipsChanged(ctx, afterCommit, { spaceIds: [spaceId] });
    if (input.visibility && input.visibility !== space.visibility) {
      // Who changed who may read a space stays on record; members hear when their space opens up.
      await auditRepo.insertAuditEntry(trx, {
        actorId: viewer.id,
        action: 'space.visibility_changed',
        spaceId,
        details: { from: space.visibility, to: input.visibility },
        now,
      });
      if (input.visibility === 'public') emit({ type: 'space.made_public', spaceId, actorId: viewer.id });
    }
    const name = input.name ?? space.name;
    const description = input.description ?? space.description;
    await repo.updateSpace(trx, spaceId, {
      name,
      description,
      color: input.color?.toLowerCase() ?? space.color,
      visibility: input.visibility ?? space.visibility,
      mandatory: input.mandatory === undefined ? space.mandatory : Number(input.mandatory),
      archived_at:
        input.archived === undefined ? space.archived_at : input.archived ? (space.archived_at ?? now) : null,
      search_text: searchableText([name, description]),
      updated_at: now,
    });
    if (input.mandatory) await repo.enrolEveryone(trx, spaceId, now);
  });
  return getSpace(ctx, viewer, spaceId);
}

export async function deleteSpace(ctx: AppContext, viewer: Viewer, spaceId: number) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayManageSpace(viewer, membership)) throw fail.forbidden('Only the space’s admins may delete it.');
  if (space.mandatory === 1)
    throw fail.conflict('mandatory_space', 'A mandatory space cannot be deleted; make it optional first.');
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    membershipsChanged(ctx, afterCommit, { spaceIds: [spaceId] });
    const keys = [
      ...(await uploadsRepo.storageKeysOf(trx, { spaceId })),
      ...(space.avatar_key ? [`${space.avatar_key}.webp`] : []),
    ];
    await repo.deleteSpace(trx, spaceId);
    emit({ type: 'space.changed', spaceId });
    if (keys.length > 0) emit({ type: 'storage.orphaned', keys });
  });
}

export async function listMembers(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  query: z.infer<typeof listMembersQuery>,
) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  // Members of public spaces are public; of private and secret ones only members see who else is in.
  if (space.visibility !== 'public' && !isMember(membership) && viewer.role !== 'admin')
    throw fail.notFound('This space’s members are visible to its members only.');
  if (query.status !== 'member' && !mayManageSpace(viewer, membership))
    throw fail.forbidden('Only the space’s admins see requests and invitations.');
  const rows = await repo.listMembers(
    ctx.database.db,
    spaceId,
    query.status,
    nameCursor(query.cursor),
    query.limit,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toMember),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

/** Join, request to join, accept an invitation; or, for space admins, invite someone or approve a request. */
export async function addMember(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  userId: number | undefined,
) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (space.archived_at !== null) throw fail.conflict('space_archived', 'This space is archived.');
  const { db } = ctx.database;
  const now = isoNow(ctx.clock);
  if (userId === undefined || userId === viewer.id) {
    if (isMember(membership)) return getSpace(ctx, viewer, spaceId);
    let status: 'member' | 'requested';
    if (membership?.status === 'invited' || space.visibility === 'public') status = 'member';
    else if (space.visibility === 'private') status = 'requested';
    else throw notFound();
    if (membership?.status === 'requested' && status === 'requested') return getSpace(ctx, viewer, spaceId);
    await ctx.database.transaction(async (trx, afterCommit, emit) => {
      membershipsChanged(ctx, afterCommit, { userIds: [viewer.id] });
      await repo.upsertMembership(trx, spaceId, viewer.id, membership?.role ?? 'member', status, now);
      if (status === 'requested') emit({ type: 'space.requested', spaceId, userId: viewer.id });
    });
    return getSpace(ctx, viewer, spaceId);
  }
  if (!mayManageSpace(viewer, membership)) throw fail.forbidden('Only the space’s admins may add people.');
  const target = await usersRepo.findUserById(db, userId);
  if (target?.status !== 'active')
    throw fail.badRequest('unknown_user', 'This person does not exist or is deactivated.');
  const existing = await repo.findMembership(db, spaceId, userId);
  if (isMember(existing) || existing?.status === 'invited') return getSpace(ctx, viewer, spaceId);
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    membershipsChanged(ctx, afterCommit, { userIds: [userId] });
    if (existing?.status === 'requested') {
      await repo.upsertMembership(trx, spaceId, userId, existing.role, 'member', now);
      emit({ type: 'space.approved', spaceId, userId, actorId: viewer.id });
    } else {
      await repo.upsertMembership(trx, spaceId, userId, 'member', 'invited', now);
      emit({ type: 'space.invited', spaceId, userId, actorId: viewer.id });
    }
  });
  return getSpace(ctx, viewer, spaceId);
}

export async function changeRole(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  userId: number,
  role: 'member' | 'admin',
) {
  const { membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayManageSpace(viewer, membership)) throw fail.forbidden('Only the space’s admins may change roles.');
  const target = await repo.findMembership(ctx.database.db, spaceId, userId);
  if (!isMember(target)) throw fail.notFound('This person is not a member of the space.');
  await ctx.database.transaction(async (trx, afterCommit) => {
    membershipsChanged(ctx, afterCommit, { userIds: [userId] });
    if (role === 'member' && isSpaceAdmin(target) && (await repo.countAdmins(trx, spaceId)) <= 1) {
      throw fail.conflict('last_space_admin', 'A space needs at least one admin.');
    }
    await repo.setRole(trx, spaceId, userId, role);
  });
}

/** Leave (oneself), or remove a member, decline a request, withdraw an invitation (space admins). */
export async function removeMember(ctx: AppContext, viewer: Viewer, spaceId: number, userId: number) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  const self = userId === viewer.id;
  if (!self && !mayManageSpace(viewer, membership))
    throw fail.forbidden('Only the space’s admins may remove people.');
  const target = self ? membership : await repo.findMembership(ctx.database.db, spaceId, userId);
  if (!target) throw fail.notFound('This person is not a member of the space.');
  if (space.mandatory === 1 && target.status === 'member') {
    throw fail.conflict('mandatory_space', 'Everyone is a member of this space; nobody can leave it.');
  }
  await ctx.database.transaction(async (trx, afterCommit) => {
    membershipsChanged(ctx, afterCommit, { userIds: [userId] });
    if (isSpaceAdmin(target) && (await repo.countAdmins(trx, spaceId)) <= 1) {
      const others = (await repo.countMembers(trx, [spaceId])).get(spaceId) ?? 0;
      if (others > 1)
        throw fail.conflict('last_space_admin', 'Make someone else an admin of this space first.');
    }
    await repo.deleteMembership(trx, spaceId, userId);
  });
}

/** The all-company space that setup creates: public, mandatory, named in the organisation's language. */
export async function createCompanySpace(db: Kysely<DB>, now: string, locale: string) {
  const name = locale === 'en' ? 'Everyone' : 'Alle';
  const description =
    locale === 'en'
      ? 'Everyone in the organisation is here: news, questions and announcements for all.'
      : 'Hier sind alle aus dem Unternehmen: Neuigkeiten, Fragen und Ankündigungen für alle.';
  const spaceId = await repo.insertSpace(db, {
    name,
    description,
    color: '#1f6f5c',
    visibility: 'public',
    mandatory: 1,
    archived_at: null,
    created_by: null,
    search_text: searchableText([name, description]),
    created_at: now,
    updated_at: now,
  });
  await repo.enrolEveryone(db, spaceId, now);
  return spaceId;
}
