import type { z } from 'zod';
import type { createFolderBody, listingQuery, updateFileBody } from '../../../shared/api/library.js';
import type { AppContext } from '../../context.js';
import type { FileRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { cleanFileName, withoutInvisibleCharacters } from '../../lib/filenames.js';
import { newSecret } from '../../lib/secrets.js';
import { mayReadFile } from '../access/access.repo.js';
import { isMember, type Membership, mayManageSpace, mayReadSpace } from '../access/rules.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import * as uploadsRepo from '../uploads/uploads.repo.js';
import { discardOnFailure, fileRowFrom, storeBytes } from '../uploads/uploads.service.js';
import * as usersRepo from '../users/users.repo.js';
import { toFolder, toLibraryFile } from './library.presenter.js';
import * as repo from './library.repo.js';

const notFound = () => fail.notFound('This file does not exist or is not visible to you.');
const mayEditFile = (viewer: Viewer, file: FileRow, membership: Membership) =>
  file.uploader_id === viewer.id || mayManageSpace(viewer, membership);

async function readableSpace(ctx: AppContext, viewer: Viewer, spaceId: number) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayReadSpace(space, membership))
    throw fail.notFound('This space’s files are visible to its members only.');
  return { space, membership };
}

async function folderIn(ctx: AppContext, spaceId: number, folderId: number | null | undefined) {
  if (folderId === null || folderId === undefined) return null;
  const folder = await repo.findFolder(ctx.database.db, folderId);
  if (!folder || folder.space_id !== spaceId)
    throw fail.badRequest('unknown_folder', 'This folder does not exist in this space.');
  return folder;
}

async function present(ctx: AppContext, viewer: Viewer, rows: FileRow[], membership: Membership) {
  const { db } = ctx.database;
  const [uploaders, versions] = await Promise.all([
    usersRepo.findUsersByIds(db, [...new Set(rows.map((row) => row.uploader_id))]),
    repo.versionsOf(
      db,
      rows.map((row) => row.id),
    ),
  ]);
  const byId = new Map(uploaders.map((u) => [u.id, u]));
  return rows.map((row) => {
    const editable = mayEditFile(viewer, row, membership);
    return toLibraryFile(
      row,
      byId.get(row.uploader_id),
      versions.filter((v) => v.file_id === row.id),
      { edit: editable, delete: editable },
    );
  });
}

export async function listFolder(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  query: z.infer<typeof listingQuery>,
) {
  const { space, membership } = await readableSpace(ctx, viewer, spaceId);
  const { db } = ctx.database;
  const folder = await folderIn(ctx, spaceId, query.folderId);
  const breadcrumbs = [];
  for (
    let current = folder ?? undefined;
    current;
    current = current.parent_id ? await repo.findFolder(db, current.parent_id) : undefined
  ) {
    breadcrumbs.unshift(toFolder(current));
    if (breadcrumbs.length > 20) break;
  }
  const position = readCursor(query.cursor, ['string', 'string']);
  const after = position && { name: position[0], id: position[1] };
  const [folders, rows] = await Promise.all([
    after ? Promise.resolve([]) : repo.subfolders(db, spaceId, folder?.id ?? null),
    repo.filesInFolder(db, spaceId, folder?.id ?? null, after, query.limit),
  ]);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    folder: folder ? toFolder(folder) : null,
    breadcrumbs,
    folders: folders.map(toFolder),
    files: await present(ctx, viewer, items, membership),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    permissions: { upload: isMember(membership) && space.archived_at === null },
  };
}

export async function createFolder(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  input: z.infer<typeof createFolderBody>,
) {
  const { space, membership } = await readableSpace(ctx, viewer, spaceId);
  if (!isMember(membership) || space.archived_at)
    throw fail.forbidden('Join the space to add folders.', 'not_a_member');
  const parent = await folderIn(ctx, spaceId, input.parentId);
  const id = await ctx.database.transaction((trx) =>
    repo.insertFolder(trx, {
      spaceId,
      parentId: parent?.id ?? null,
      name: withoutInvisibleCharacters(input.name).trim() || 'Ordner',
      createdBy: viewer.id,
      now: isoNow(ctx.clock),
    }),
  );
  const folder = await repo.findFolder(ctx.database.db, id);
  if (!folder) throw fail.notFound();
  return toFolder(folder);
}

export async function uploadToLibrary(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  folderId: number | undefined,
  upload: { bytes: Buffer; filename: string; mimetype: string },
) {
  const { space, membership } = await readableSpace(ctx, viewer, spaceId);
  if (!isMember(membership) || space.archived_at)
    throw fail.forbidden('Join the space to upload files.', 'not_a_member');
  const folder = await folderIn(ctx, spaceId, folderId);
  const stored = await storeBytes(ctx, upload);
  const id = newSecret(16);
  const now = isoNow(ctx.clock);
  const written = ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.insertLibraryFile(trx, {
      ...fileRowFrom(stored, id, viewer.id, now),
      space_id: spaceId,
      folder_id: folder?.id ?? null,
      version: 1,
      updated_at: now,
    });
    emit({ type: 'file.changed', fileId: id, deleted: false });
  });
  await written.catch(discardOnFailure(ctx, stored));
  return getFile(ctx, viewer, id);
}

async function loadFile(ctx: AppContext, viewer: Viewer, fileId: string) {
  const { db } = ctx.database;
  const file = await uploadsRepo.findFile(db, fileId);
  if (!file || !(await mayReadFile(db, viewer.id, file))) throw notFound();
  const membership = file.space_id
    ? await spacesRepo.findMembership(db, file.space_id, viewer.id)
    : undefined;
  return { file, membership };
}

export async function getFile(ctx: AppContext, viewer: Viewer, fileId: string) {
  const { file, membership } = await loadFile(ctx, viewer, fileId);
  return (await present(ctx, viewer, [file], membership))[0];
}

/** Rename, move to another folder, or set the rights (creator, source, licence) of an image. */
export async function updateFile(
  ctx: AppContext,
  viewer: Viewer,
  fileId: string,
  input: z.infer<typeof updateFileBody>,
) {
  const { file, membership } = await loadFile(ctx, viewer, fileId);
  if (!mayEditFile(viewer, file, membership))
    throw fail.forbidden('Only the uploader or the space’s admins may change this file.');
  if (input.folderId !== undefined && (input.folderId === null ? false : !file.space_id))
    throw fail.badRequest('not_in_library', 'Only library files live in folders.');
  if (input.folderId && file.space_id) await folderIn(ctx, file.space_id, input.folderId);
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateFile(trx, fileId, {
      ...(input.name === undefined ? {} : { name: cleanFileName(input.name) }),
      ...(input.folderId === undefined ? {} : { folder_id: input.folderId }),
      ...(input.creator === undefined ? {} : { creator: input.creator }),
      ...(input.source === undefined ? {} : { source: input.source }),
      ...(input.licence === undefined ? {} : { licence: input.licence }),
      updated_at: isoNow(ctx.clock),
    });
    emit({ type: 'file.changed', fileId, deleted: false });
  });
  return getFile(ctx, viewer, fileId);
}

/** A new version: the current bytes become an older version that stays downloadable. */
export async function addVersion(
  ctx: AppContext,
  viewer: Viewer,
  fileId: string,
  upload: { bytes: Buffer; filename: string; mimetype: string },
) {
  const { file, membership } = await loadFile(ctx, viewer, fileId);
  if (!file.space_id) throw fail.badRequest('not_in_library', 'Only library files have versions.');
  if (!mayEditFile(viewer, file, membership))
    throw fail.forbidden('Only the uploader or the space’s admins may replace this file.');
  const stored = await storeBytes(ctx, upload);
  const now = isoNow(ctx.clock);
  const written = ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.insertVersion(trx, {
      fileId,
      version: file.version,
      name: file.name,
      mime: file.mime,
      size: file.size,
      storageKey: file.storage_key,
      uploaderId: file.uploader_id,
      createdAt: file.updated_at ?? file.created_at,
    });
    await repo.updateFile(trx, fileId, {
      name: stored.name,
      mime: stored.mime,
      size: stored.size,
      kind: stored.kind,
      width: stored.width,
      height: stored.height,
      storage_key: stored.storageKey,
      thumbnail_key: stored.thumbnailKey,
      version: file.version + 1,
      updated_at: now,
    });
    emit({ type: 'file.changed', fileId, deleted: false });
  });
  await written.catch(discardOnFailure(ctx, stored));
  return getFile(ctx, viewer, fileId);
}

export async function deleteFile(ctx: AppContext, viewer: Viewer, fileId: string) {
  const { file, membership } = await loadFile(ctx, viewer, fileId);
  if (!mayEditFile(viewer, file, membership))
    throw fail.forbidden('Only the uploader or the space’s admins may delete this file.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const keys = await uploadsRepo.storageKeysOf(trx, { fileId });
    await repo.deleteFile(trx, fileId);
    emit({ type: 'file.changed', fileId, deleted: true });
    emit({ type: 'storage.orphaned', keys });
  });
}
