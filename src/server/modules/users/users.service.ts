import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { listUsersQuery, UpdateMeBody, UpdateUserBody } from '../../../shared/api/users.js';
import { foldText, handleFromName, searchableText } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import type { DB, UserRole, UserRow, UserUpdate } from '../../db/schema.js';
import { invalidateCredentials } from '../../http/auth-cache.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { hashPassword } from '../../lib/secrets.js';
import type { LiveEnvelope } from '../../live/bus.js';
import * as authRepo from '../auth/auth.repo.js';
import * as followsRepo from '../follows/follows.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { mayChangeStatus, mayEditProfile, mayListDeactivated } from './users.policy.js';
import { parseSkills, toMe, toUserListItem, toUserProfile, visibleEmail } from './users.presenter.js';
import * as repo from './users.repo.js';

export function userSearchText(
  row: Pick<UserRow, 'name' | 'handle' | 'title' | 'department' | 'location' | 'email'> & {
    skills: string[];
  },
) {
  return searchableText([
    row.name,
    row.handle,
    row.title,
    row.department,
    row.location,
    visibleEmail(row.email).split('@')[0],
    ...row.skills,
  ]);
}

export async function uniqueHandle(db: Kysely<DB>, name: string): Promise<string> {
  const base = handleFromName(name).slice(0, 26);
  for (let suffix = 1; suffix < 1000; suffix++) {
    const candidate = suffix === 1 ? base : `${base}${suffix}`;
    if (!(await repo.handleTaken(db, candidate))) return candidate;
  }
  throw new Error('no free handle');
}

export interface NewPerson {
  email: string;
  name: string;
  password: string | null;
  role: UserRole;
  locale?: string | null;
  title?: string;
  department?: string;
  location?: string;
  phone?: string;
  about?: string;
  skills?: string[];
  managerId?: number | null;
  passwordHash?: string;
}

/** Creates an account inside the caller's transaction; the caller has already checked permission. */
export async function createPerson(db: Kysely<DB>, now: string, person: NewPerson): Promise<number> {
  if (await repo.emailTaken(db, person.email))
    throw fail.conflict('email_taken', 'This e-mail address already has an account.');
  const handle = await uniqueHandle(db, person.name);
  const skills = person.skills ?? [];
  const fields = {
    name: person.name,
    handle,
    title: person.title ?? '',
    department: person.department ?? '',
    location: person.location ?? '',
    email: person.email,
  };
  const userId = await repo.insertUser(db, {
    ...fields,
    password_hash: person.passwordHash ?? (person.password ? await hashPassword(person.password) : null),
    role: person.role,
    status: 'active',
    phone: person.phone ?? '',
    about: person.about ?? '',
    skills: JSON.stringify(skills),
    manager_id: person.managerId ?? null,
    avatar_key: null,
    locale: person.locale ?? null,
    search_text: userSearchText({ ...fields, skills }),
    created_at: now,
    updated_at: now,
    deactivated_at: null,
  });
  // Everyone belongs to the mandatory spaces, newcomers included.
  for (const spaceId of await spacesRepo.mandatorySpaceIds(db)) {
    await spacesRepo.upsertMembership(db, spaceId, userId, 'member', 'member', now);
  }
  return userId;
}

async function loadProfileParts(ctx: AppContext, row: UserRow) {
  const { db } = ctx.database;
  const [manager, reports] = await Promise.all([
    row.manager_id ? repo.findUserById(db, row.manager_id) : Promise.resolve(undefined),
    repo.findDirectReports(db, row.id),
  ]);
  return { manager, reports };
}

export async function getMe(ctx: AppContext, viewer: Pick<Viewer, 'id'>) {
  const row = await repo.findUserById(ctx.database.db, viewer.id);
  if (!row) throw fail.unauthorized();
  const { manager, reports } = await loadProfileParts(ctx, row);
  return toMe(row, manager, reports);
}

export async function getProfile(ctx: AppContext, viewer: Viewer, id: number) {
  const row = await repo.findUserById(ctx.database.db, id);
  if (!row) throw fail.notFound('This person does not exist.');
  const { manager, reports } = await loadProfileParts(ctx, row);
  const followedByMe = await followsRepo.isFollowing(ctx.database.db, viewer.id, id);
  return toUserProfile(row, manager, reports, followedByMe);
}

export async function updateMe(ctx: AppContext, viewer: Viewer, body: UpdateMeBody) {
  await updateProfile(ctx, viewer, viewer.id, body);
  return getMe(ctx, viewer);
}

export async function updateUser(ctx: AppContext, viewer: Viewer, id: number, body: UpdateUserBody) {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators may edit other people.');
  await updateProfile(ctx, viewer, id, body);
  return getProfile(ctx, viewer, id);
}

async function updateProfile(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  body: UpdateUserBody & UpdateMeBody,
) {
  const target = await repo.findUserById(ctx.database.db, id);
  if (!target) throw fail.notFound('This person does not exist.');
  if (!mayEditProfile(viewer, target)) throw fail.forbidden('You may only edit your own profile.');
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    // Name, handle, locale and role travel with cached sessions: those of this person are looked up anew.
    afterCommit(() => invalidateCredentials(ctx, { userIds: [id] }));
    emit({ type: 'user.changed', userId: id });
    if (body.handle && (await repo.handleTaken(trx, body.handle, id))) {
      throw fail.conflict('handle_taken', 'This handle is already taken.');
    }
    if (body.email && (await repo.emailTaken(trx, body.email, id))) {
      throw fail.conflict('email_taken', 'This e-mail address already has an account.');
    }
    if (body.managerId !== undefined && body.managerId !== null) {
      if (!(await repo.findUserById(trx, body.managerId)))
        throw fail.badRequest('unknown_manager', 'The chosen manager does not exist.');
      if (await repo.managerChainContains(trx, body.managerId, id)) {
        throw fail.badRequest(
          'manager_cycle',
          'A person cannot report to themselves, directly or through others.',
        );
      }
    }
    if (
      body.role &&
      body.role !== 'admin' &&
      target.role === 'admin' &&
      (await repo.countActiveAdmins(trx)) <= 1
    ) {
      throw fail.conflict('last_admin', 'The organisation needs at least one administrator.');
    }
    const merged = {
      name: body.name ?? target.name,
      handle: body.handle ?? target.handle,
      title: body.title ?? target.title,
      department: body.department ?? target.department,
      location: body.location ?? target.location,
      email: body.email ?? target.email,
      skills: body.skills ?? parseSkills(target.skills),
    };
    const changes: UserUpdate = {
      ...merged,
      skills: JSON.stringify(merged.skills),
      phone: body.phone ?? target.phone,
      about: body.about ?? target.about,
      manager_id: body.managerId === undefined ? target.manager_id : body.managerId,
      locale: body.locale === undefined ? target.locale : body.locale,
      role: body.role ?? target.role,
      search_text: userSearchText(merged),
      updated_at: isoNow(ctx.clock),
    };
    await repo.updateUser(trx, id, changes);
  });
}

export async function listUsers(ctx: AppContext, viewer: Viewer, query: z.infer<typeof listUsersQuery>) {
  if (query.status !== 'active' && !mayListDeactivated(viewer)) {
    throw fail.forbidden('Only administrators may list deactivated people.');
  }
  const position = readCursor(query.cursor, ['string', 'number']);
  const after = position && { name: position[0], id: position[1] };
  // Folded without umlaut expansion: "Müller" → "muller", "Mueller" → "mueller"; search_text holds both forms.
  const terms = query.q ? foldText(query.q).split(' ').filter(Boolean).slice(0, 6) : [];
  const rows = await repo.searchDirectory(ctx.database.db, {
    terms,
    department: query.department || undefined,
    location: query.location || undefined,
    status: query.status,
    after,
    limit: query.limit,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toUserListItem),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([repo.directorySortName(last.name), last.id]) : null,
  };
}

export async function directoryFacets(ctx: AppContext, _viewer: Viewer) {
  const { db } = ctx.database;
  const [departments, locations] = await Promise.all([
    repo.distinctValues(db, 'department'),
    repo.distinctValues(db, 'location'),
  ]);
  return { departments, locations };
}

export async function setStatus(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  status: 'active' | 'deactivated',
) {
  const target = await repo.findUserById(ctx.database.db, id);
  if (!target) throw fail.notFound('This person does not exist.');
  if (!mayChangeStatus(viewer, target))
    throw fail.forbidden('You cannot change the status of your own account.');
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, afterCommit, emit) => {
    await repo.updateUser(trx, id, {
      status,
      deactivated_at: status === 'deactivated' ? now : null,
      updated_at: now,
    });
    // Sessions and open WebSockets end at once; tokens stop because every lookup requires an active account.
    emit({
      type: 'user.changed',
      userId: id,
      ...(status === 'deactivated' && target.status !== 'deactivated'
        ? { change: 'deactivated' as const }
        : {}),
    });
    if (status === 'deactivated') {
      await authRepo.deleteUserSessions(trx, id);
      afterCommit(() => endLiveConnections(ctx, id));
    }
  });
  return getProfile(ctx, viewer, id);
}

/**
 * Closes a person's open WebSockets on every node (deactivation, logout everywhere, a new password),
 * or only those opened with certain credentials (a logout, a revoked token; see LiveEnvelope).
 * Every cached credential of the person is dropped in the same message to every node.
 */
export function endLiveConnections(
  ctx: AppContext,
  userId: number,
  credentials?: LiveEnvelope['credentials'],
) {
  ctx.authCache?.invalidate({ userIds: [userId] });
  ctx.memberships?.invalidate({ userIds: [userId] });
  return ctx.live.publish({
    audience: { kind: 'users', userIds: [userId] },
    message: { type: 'session.ended', data: null },
    close: true,
    ...(credentials ? { credentials } : {}),
    invalidate: { userIds: [userId] },
  });
}
