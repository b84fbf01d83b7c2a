import type { Insertable, Kysely } from 'kysely';
import type { DB, FilesTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export function findFolder(db: Db, id: number) {
  return db.selectFrom('folders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFolder(
  db: Db,
  values: { spaceId: number; parentId: number | null; name: string; createdBy: number; now: string },
) {
  const row = await db
    .insertInto('folders')
    .values({
      space_id: values.spaceId,
      parent_id: values.parentId,
      name: values.name,
      created_by: values.createdBy,
      created_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function subfolders(db: Db, spaceId: number, parentId: number | null) {
  let query = db.selectFrom('folders').selectAll().where('space_id', '=', spaceId);
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  return query.orderBy('name').orderBy('id').execute();
}

export function filesInFolder(
  db: Db,
  spaceId: number,
  folderId: number | null,
  after: { name: string; id: string } | undefined,
  limit: number,
) {
  let query = db.selectFrom('files').selectAll().where('space_id', '=', spaceId);
  query = folderId === null ? query.where('folder_id', 'is', null) : query.where('folder_id', '=', folderId);
  if (after)
    query = query.where((eb) =>
      eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]),
    );
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export async function insertLibraryFile(db: Db, values: Insertable<FilesTable>) {
  await db.insertInto('files').values(values).execute();
}

export async function updateFile(db: Db, id: string, changes: Partial<Insertable<FilesTable>>) {
  await db.updateTable('files').set(changes).where('id', '=', id).execute();
}

export async function deleteFile(db: Db, id: string) {
  await db.deleteFrom('files').where('id', '=', id).execute();
}

export function versionsOf(db: Db, fileIds: string[]) {
  if (fileIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('file_versions')
    .selectAll()
    .where('file_id', 'in', fileIds)
    .orderBy('version', 'desc')
    .execute();
}

export async function insertVersion(
  db: Db,
  values: {
    fileId: string;
    version: number;
    name: string;
    mime: string;
    size: number;
    storageKey: string;
    uploaderId: number | null;
    createdAt: string;
  },
) {
  await db
    .insertInto('file_versions')
    .values({
      file_id: values.fileId,
      version: values.version,
      name: values.name,
      mime: values.mime,
      size: values.size,
      storage_key: values.storageKey,
      uploader_id: values.uploaderId,
      created_at: values.createdAt,
    })
    .execute();
}
