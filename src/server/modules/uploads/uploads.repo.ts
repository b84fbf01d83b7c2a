import type { Insertable, Kysely } from 'kysely';
import type { DB, FilesTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertFile(db: Db, values: Insertable<FilesTable>) {
  await db.insertInto('files').values(values).execute();
}

export function findFile(db: Db, id: string) {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findVersion(db: Db, fileId: string, version: number) {
  return db
    .selectFrom('file_versions')
    .selectAll()
    .where('file_id', '=', fileId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/**
 * Every stored key (bytes, thumbnails, older versions) of the files of a post or article, a space,
 * or one file: read in the deleting transaction, so the bytes can follow the rows through the outbox.
 */
export async function storageKeysOf(
  db: Db,
  owner: { contentId: number } | { spaceId: number } | { fileId: string },
): Promise<string[]> {
  let files = db.selectFrom('files').select(['id', 'storage_key', 'thumbnail_key']);
  // A space library file attached to an item by an older version survives the item (it is detached).
  if ('contentId' in owner)
    files = files.where('content_id', '=', owner.contentId).where('space_id', 'is', null);
  else if ('spaceId' in owner) files = files.where('space_id', '=', owner.spaceId);
  else files = files.where('id', '=', owner.fileId);
  const rows = await files.execute();
  if (rows.length === 0) return [];
  const versions = await db
    .selectFrom('file_versions')
    .select('storage_key')
    .where(
      'file_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  return [
    ...rows.flatMap((row) => (row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key])),
    ...versions.map((row) => row.storage_key),
  ];
}

/** Uploads never attached to anything (no post, no library) older than `before`: swept with their bytes. */
export function unattachedBefore(db: Db, before: string, limit: number) {
  return db
    .selectFrom('files')
    .select(['id', 'storage_key', 'thumbnail_key'])
    .where('content_id', 'is', null)
    .where('space_id', 'is', null)
    .where('held_by', 'is', null)
    .where('created_at', '<', before)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('articles')
            .select('articles.content_id')
            .whereRef('articles.cover_file_id', '=', 'files.id'),
        ),
      ),
    )
    .limit(limit)
    .execute();
}

export async function deleteFiles(db: Db, ids: string[]) {
  if (ids.length > 0) await db.deleteFrom('files').where('id', 'in', ids).execute();
}

/** Every stored key the database knows of (files, versions, avatars, space pictures, logo): for fsck. */
export async function allKnownKeys(db: Db): Promise<string[]> {
  const [files, versions, users, spaces, organisation] = await Promise.all([
    db.selectFrom('files').select(['storage_key', 'thumbnail_key']).execute(),
    db.selectFrom('file_versions').select('storage_key').execute(),
    db.selectFrom('users').select('avatar_key').where('avatar_key', 'is not', null).execute(),
    db.selectFrom('spaces').select('avatar_key').where('avatar_key', 'is not', null).execute(),
    db.selectFrom('organisation').select('logo_key').where('logo_key', 'is not', null).execute(),
  ]);
  return [
    ...files.flatMap((row) => (row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key])),
    ...versions.map((row) => row.storage_key),
    ...users.flatMap((row) => [64, 256].map((size) => `${row.avatar_key}-${size}.webp`)),
    ...spaces.map((row) => `${row.avatar_key}.webp`),
    ...organisation.map((row) => `${row.logo_key}.webp`),
  ];
}

export async function setTextState(db: Db, id: string, state: string) {
  await db.updateTable('files').set({ text_state: state }).where('id', '=', id).execute();
}
