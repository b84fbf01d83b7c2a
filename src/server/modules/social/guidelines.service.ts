import type { z } from 'zod';
import type { GuidelinesReport, GuidelinesState, guidelinesBody } from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { requireDesk } from './desk.service.js';
import * as repo from './guidelines.repo.js';

/**
 * The organisation's social-media guidelines, owned by the desk: every saved text is a new version,
 * and everyone with the social-media right confirms the current one ("Gelesen und verstanden"), like
 * a must-read. The only thing recorded is the fact and time of a person's own confirmation; the
 * desk sees who with the right has not confirmed. Publishing waits for the confirmation.
 */
export const guidelinesUrl = '/social/guidelines';

export async function getGuidelines(ctx: AppContext, viewer: Viewer): Promise<GuidelinesState> {
  await requireDesk(ctx, viewer);
  const { db } = ctx.database;
  const row = await repo.currentGuidelines(db);
  if (!row) return { guidelines: null, confirmedAt: null };
  const [author] = row.author_id ? await usersRepo.findUsersByIds(db, [row.author_id]) : [];
  return {
    guidelines: {
      id: row.id,
      title: row.title,
      body: row.body,
      author: author ? toUserSummary(author) : null,
      createdAt: row.created_at,
    },
    confirmedAt: await repo.confirmedAt(db, row.id, viewer.id),
  };
}

/** A new version; its author has read it, everyone else with the right is asked (after commit). */
export async function saveGuidelines(
  ctx: AppContext,
  viewer: Viewer,
  body: z.infer<typeof guidelinesBody>,
): Promise<GuidelinesState> {
  await requireDesk(ctx, viewer);
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const id = await repo.insertGuidelines(trx, {
      title: body.title,
      body: body.body,
      author_id: viewer.id,
      created_at: now,
    });
    await repo.confirm(trx, id, viewer.id, now);
    emit({ type: 'social.guidelines_changed', guidelinesId: id, actorId: viewer.id });
  });
  return getGuidelines(ctx, viewer);
}

/** "Gelesen und verstanden" for the version the person read; an older one is refused (409). */
export async function confirmGuidelines(ctx: AppContext, viewer: Viewer, version: number) {
  await requireDesk(ctx, viewer);
  const current = await repo.currentGuidelines(ctx.database.db);
  if (!current || current.id !== version)
    throw fail.conflict(
      'guidelines_outdated',
      'These guidelines have changed meanwhile. Please read the current version.',
    );
  await ctx.database.transaction((trx) => repo.confirm(trx, current.id, viewer.id, isoNow(ctx.clock)));
  return getGuidelines(ctx, viewer);
}

/** For the desk: who with the right has not confirmed the current version. */
export async function guidelinesReport(ctx: AppContext, viewer: Viewer): Promise<GuidelinesReport> {
  await requireDesk(ctx, viewer);
  const { db } = ctx.database;
  const current = await repo.currentGuidelines(db);
  if (!current) return { version: null, deskCount: 0, confirmedCount: 0, notConfirmed: [] };
  const desk = await repo.deskWithConfirmation(db, current.id);
  const pending = desk.filter((person) => !person.confirmed_at).map((person) => person.id);
  const people = await usersRepo.findUsersByIds(db, pending);
  return {
    version: current.id,
    deskCount: desk.length,
    confirmedCount: desk.length - pending.length,
    notConfirmed: people.sort((a, b) => a.name.localeCompare(b.name)).map(toUserSummary),
  };
}

/** Publishing (now, scheduled or recorded by hand) needs the current guidelines confirmed. */
export async function requireGuidelinesConfirmed(ctx: AppContext, viewer: Viewer) {
  const { db } = ctx.database;
  const current = await repo.currentGuidelines(db);
  if (current && !(await repo.confirmedAt(db, current.id, viewer.id)))
    throw fail.forbidden(
      'Please read and confirm the social-media guidelines before publishing.',
      'guidelines_unconfirmed',
    );
}

/** Whom to ask when the guidelines change or someone gets the right: those who have not confirmed. */
export async function unconfirmedAmong(ctx: AppContext, userIds: number[] | 'desk') {
  const { db } = ctx.database;
  const current = await repo.currentGuidelines(db);
  if (!current) return [];
  const desk = await repo.deskWithConfirmation(db, current.id);
  return desk
    .filter((person) => !person.confirmed_at && (userIds === 'desk' || userIds.includes(person.id)))
    .map((person) => person.id);
}
