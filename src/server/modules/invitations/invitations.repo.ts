import type { Kysely } from 'kysely';
import type { DB, UserRole } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertInvitation(
  db: Db,
  values: {
    email: string;
    role: UserRole;
    tokenHash: string;
    invitedBy: number;
    now: string;
    expiresAt: string;
  },
) {
  const row = await db
    .insertInto('invitations')
    .values({
      email: values.email,
      role: values.role,
      token_hash: values.tokenHash,
      invited_by: values.invitedBy,
      created_at: values.now,
      expires_at: values.expiresAt,
      accepted_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Invitations still waiting: not accepted, not revoked, not expired. */
export function listOpenInvitations(db: Db, now: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.created_at',
      'invitations.expires_at',
      'users.name as inviter',
    ])
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', now)
    .orderBy('invitations.id', 'desc')
    .limit(500)
    .execute();
}

export function findOpenInvitationByToken(db: Db, tokenHash: string, now: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Claims the invitation; only one of two concurrent accepts gets a row back. */
export async function markAccepted(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvitation(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new invitation to the same address replaces the older open ones. */
export async function revokeOpenForEmail(db: Db, email: string, now: string) {
  await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}
