import type { Kysely } from 'kysely';

/**
 * Identity for real companies: single sign-on settings and links, staff without e-mail (personnel
 * numbers, access codes) and sessions that may only set a first credential.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per identity source ('oidc', later 'ldap'): settings as JSON, the secret apart so that
  // no presenter can hand it out by accident.
  await db.schema
    .createTable('identity_settings')
    .addColumn('kind', 'text', (col) => col.primaryKey())
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('secret', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('oidc_links')
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('oidc_links_pk', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('oidc_links_user_idx').on('oidc_links').column('user_id').execute();

  // A login on its way through the provider: PKCE verifier and nonce, keyed by the hashed state.
  await db.schema
    .createTable('oidc_logins')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('return_to', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();

  // The ID token of an SSO session, for RP-initiated logout (`id_token_hint`).
  await db.schema
    .createTable('oidc_sessions')
    .addColumn('session_id', 'text', (col) => col.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('id_token', 'text', (col) => col.notNull())
    .execute();

  await db.schema.alterTable('users').addColumn('personnel_number', 'text').execute();
  await db.schema
    .createIndex('users_personnel_number_idx')
    .on('users')
    .column('personnel_number')
    .unique()
    .execute();

  await db.schema
    .createTable('access_codes')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('access_codes_user_idx').on('access_codes').column('user_id').execute();

  // Sessions opened by an access code may do nothing but read who they are and set a credential.
  await db.schema
    .createTable('session_restrictions')
    .addColumn('session_id', 'text', (col) => col.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'session_restrictions',
    'access_codes',
    'oidc_sessions',
    'oidc_logins',
    'oidc_links',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('users_personnel_number_idx').execute();
  await db.schema.alterTable('users').dropColumn('personnel_number').execute();
  await db.schema.dropTable('identity_settings').execute();
}
