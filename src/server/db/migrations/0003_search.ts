import { type Kysely, sql } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * One row per searchable document (person, space, post, comment, …). The terms are computed in the
 * application (stemming and folding), the full-text index is the database's own: FTS5 on SQLite,
 * a weighted tsvector with a GIN index on PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema
    .createTable('search_index')
    .addColumn('id', 'integer', autoIdColumn(dialect))
    .addColumn('doc_type', 'text', (col) => col.notNull())
    .addColumn('doc_id', 'integer', (col) => col.notNull())
    .addColumn('content_id', 'integer', (col) => col.references('content.id').onDelete('cascade'))
    .addColumn('space_id', 'integer', (col) => col.references('spaces.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_ts', 'integer', (col) => col.notNull())
    .addColumn('raw_terms', 'text', (col) => col.notNull())
    .addColumn('stem_terms', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('search_index_doc_idx')
    .on('search_index')
    .columns(['doc_type', 'doc_id'])
    .unique()
    .execute();
  await db.schema.createIndex('search_index_content_idx').on('search_index').column('content_id').execute();
  await db.schema.createIndex('search_index_space_idx').on('search_index').column('space_id').execute();
  if (dialect === 'sqlite') {
    await sql`create virtual table search_fts using fts5(raw, stems, kind, tokenize = 'unicode61', prefix = '2 3 4')`.execute(
      db,
    );
  } else {
    await sql`alter table search_index add column tsv tsvector generated always as (setweight(to_tsvector('simple', raw_terms), 'A') || setweight(to_tsvector('simple', stem_terms), 'B')) stored`.execute(
      db,
    );
    await sql`create index search_index_tsv_idx on search_index using gin (tsv)`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_index').execute();
}
