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
