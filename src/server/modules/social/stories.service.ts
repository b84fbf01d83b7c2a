import type { z } from 'zod';
import type { CreateStoryBody, Story, storiesQuery, UpdateStoryBody } from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import type { StoryRow } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import { discardStored, fileRowFrom, type StoredBytes, storeBytes } from '../uploads/uploads.service.js';
import * as usersRepo from '../users/users.repo.js';
import { shareOf } from './share.service.js';
import {
  mayReadConsentForm,
  mayReadStory,
  mayRequestConsent,
  mayTriageStory,
  type StoryViewer,
} from './social.policy.js';
import type { FormPicture } from './stories.multipart.js';
import { toStory } from './stories.presenter.js';
import * as repo from './stories.repo.js';

export const storyHolder = (id: number) => `story:${id}`;

/** The viewer as the story rules see them for one story (or for lists, `pictured` false). */
export async function storyViewer(ctx: AppContext, viewer: Viewer, storyId?: number): Promise<StoryViewer> {
  const { db } = ctx.database;
  const [desk, pictured] = await Promise.all([
    repo.hasDeskRight(db, viewer.id),
    storyId === undefined ? Promise.resolve(false) : repo.isPictured(db, storyId, viewer.id),
  ]);
  return { id: viewer.id, desk, pictured };
}

/** The story if the viewer may see it; 404 otherwise (so its existence does not leak). */
export async function loadStory(ctx: AppContext, viewer: Viewer, id: number) {
  const row = await repo.findStory(ctx.database.db, id);
  const who = await storyViewer(ctx, viewer, id);
  if (!row || !mayReadStory(who, row))
    throw fail.notFound('This story does not exist or is not visible to you.');
  return { row, who };
}

export async function presentStories(ctx: AppContext, who: StoryViewer, rows: StoryRow[]): Promise<Story[]> {
  const { db } = ctx.database;
  const ids = rows.map((row) => row.id);
  const [pictures, consents] = await Promise.all([repo.picturesOf(db, ids), repo.consentsOf(db, ids)]);
  const personIds = new Set<number>(rows.map((row) => row.author_id));
  for (const consent of consents) if (consent.person_id !== null) personIds.add(consent.person_id);
  const people = new Map((await usersRepo.findUsersByIds(db, [...personIds])).map((user) => [user.id, user]));
  const shares = new Map(
    await Promise.all(rows.map(async (row) => [row.id, await shareOf(ctx, row)] as const)),
  );
  return rows.flatMap((row) => {
    const author = people.get(row.author_id);
    if (!author) return [];
    return [
      toStory(row, {
        share: shares.get(row.id) ?? null,
        author,
        pictures: pictures.filter((picture) => picture.story_id === row.id),
        consents: consents.filter((consent) => consent.story_id === row.id),
        people,
        permissions: { triage: mayTriageStory(who), requestConsent: mayRequestConsent(who, row) },
      }),
    ];
  });
}

export async function getStory(ctx: AppContext, viewer: Viewer, id: number): Promise<Story> {
  const { row, who } = await loadStory(ctx, viewer, id);
  const [story] = await presentStories(ctx, who, [row]);
  return story;
}

/**
 * Any employee suggests a story; its pictures must be their own fresh uploads and carry their rights.
 * A multipart story brings its pictures along (`uploads`, by placeholder id): they go through the
 * same upload pipeline (checked, re-encoded without metadata) and are stored with the story in one
 * transaction, so bad input leaves nothing behind.
 */
export async function createStory(
  ctx: AppContext,
  viewer: Viewer,
  body: CreateStoryBody,
  uploads?: Map<string, FormPicture>,
): Promise<Story> {
  const fileIds = [...new Set(body.pictures.map((picture) => picture.fileId))];
  if (fileIds.length !== body.pictures.length)
    throw fail.badRequest('invalid_attachment', 'Each picture may be given only once.');
  const stored = uploads ? await storeFormPictures(ctx, body, uploads) : new Map<string, StoredBytes>();
  const now = isoNow(ctx.clock);
  const id = await ctx.database
    .transaction(async (trx, _afterCommit, emit) => {
      const pictures: CreateStoryBody['pictures'] = [];
      for (const picture of body.pictures) {
        const file = stored.get(picture.fileId);
        if (!file) {
          pictures.push(picture);
          continue;
        }
        const row = fileRowFrom(file, newSecret(16), viewer.id, now);
        await uploadsRepo.insertFile(trx, row);
        pictures.push({ ...picture, fileId: row.id });
      }
      const ids = pictures.map((picture) => picture.fileId);
      const own = await repo.ownFreeUploads(trx, viewer.id, ids);
      if (own.length !== ids.length || own.some((file) => file.kind !== 'image'))
        throw fail.badRequest(
          'invalid_attachment',
          'Pictures must be images you uploaded and not used elsewhere.',
        );
      const storyId = await repo.insertStory(trx, {
        author_id: viewer.id,
        title: body.title,
        body: body.body,
        link: body.link || null,
        state: 'new',
        note: null,
        campaign: body.campaign || null,
        planned_for: null,
        created_at: now,
        updated_at: now,
      });
      await repo.insertPictures(trx, storyId, pictures);
      await repo.holdFiles(trx, ids, storyHolder(storyId));
      emit({ type: 'story.changed', storyId, actorId: viewer.id, state: 'new', note: null });
      return storyId;
    })
    .catch(async (error: unknown) => {
      await discardStored(
        ctx,
        [...stored.values()].flatMap((file) => [file.storageKey, file.thumbnailKey]),
      );
      throw error;
    });
  return getStory(ctx, viewer, id);
}

/** The form's pictures through the upload pipeline; only images, each named by a picture of the body. */
async function storeFormPictures(ctx: AppContext, body: CreateStoryBody, uploads: Map<string, FormPicture>) {
  const stored = new Map<string, StoredBytes>();
  try {
    for (const picture of body.pictures) {
      const upload = uploads.get(picture.fileId);
      if (!upload)
        throw fail.badRequest(
          'invalid_attachment',
          'A multipart story takes its pictures as file parts only.',
        );
      const file = await storeBytes(ctx, upload);
      stored.set(picture.fileId, file);
      if (file.kind !== 'image') throw fail.badRequest('invalid_attachment', 'Pictures must be images.');
    }
    return stored;
  } catch (error) {
    await discardStored(
      ctx,
      [...stored.values()].flatMap((file) => [file.storageKey, file.thumbnailKey]),
    );
    throw error;
  }
}

export async function listStories(ctx: AppContext, viewer: Viewer, query: z.infer<typeof storiesQuery>) {
  const who = await storyViewer(ctx, viewer);
  const before = query.cursor ? Number.parseInt(query.cursor, 10) : undefined;
  if (before !== undefined && !(before > 0))
    throw fail.badRequest('invalid_cursor', 'This cursor is not valid.');
  const rows = await repo.listStories(ctx.database.db, {
    viewerId: viewer.id,
    desk: who.desk,
    state: query.state,
    before,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: await presentStories(ctx, who, page),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
  };
}

/** The desk moves a story on, plans it, or notes something; the suggester is told with the note. */
export async function updateStory(ctx: AppContext, viewer: Viewer, id: number, body: UpdateStoryBody) {
  const { row, who } = await loadStory(ctx, viewer, id);
  if (!mayTriageStory(who))
    throw fail.forbidden('Only the social media desk moves stories on.', 'not_social_desk');
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const state = body.state ?? row.state;
    const note = body.note === undefined ? row.note : body.note || null;
    await repo.updateStory(trx, id, {
      state,
      note,
      planned_for:
        body.plannedFor === undefined
          ? row.planned_for
          : body.plannedFor && new Date(body.plannedFor).toISOString(),
      campaign: body.campaign === undefined ? row.campaign : body.campaign || null,
      updated_at: now,
    });
    if (state !== row.state || (body.note && body.note !== row.note))
      emit({ type: 'story.changed', storyId: id, actorId: viewer.id, state, note: body.note ?? null });
  });
  return getStory(ctx, viewer, id);
}

/** A story's picture, only for those who may see the story. */
export async function readPicture(ctx: AppContext, viewer: Viewer, id: number, fileId: string) {
  await loadStory(ctx, viewer, id);
  const pictures = await repo.picturesOf(ctx.database.db, [id]);
  if (!pictures.some((picture) => picture.file_id === fileId)) throw fail.notFound('No such picture.');
  return readHeld(ctx, fileId);
}

/** The signed consent form of an external person: the suggester and the desk only. */
export async function readConsentForm(ctx: AppContext, viewer: Viewer, id: number, consentId: number) {
  const { row, who } = await loadStory(ctx, viewer, id);
  const consent = await repo.findConsent(ctx.database.db, id, consentId);
  if (!consent?.form_file_id || !mayReadConsentForm(who, row)) throw fail.notFound('No such form.');
  return readHeld(ctx, consent.form_file_id);
}

async function readHeld(ctx: AppContext, fileId: string) {
  const file = await repo.findHeldFile(ctx.database.db, fileId);
  if (!file) throw fail.notFound('No such file.');
  const bytes = await ctx.storage.get(file.storage_key);
  if (!bytes) throw fail.notFound('No such file.');
  return { meta: { name: file.name, mime: file.mime, kind: file.kind }, bytes };
}
