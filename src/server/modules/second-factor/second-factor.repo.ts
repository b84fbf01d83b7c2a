import type { Kysely } from 'kysely';
import type { DB, SecondFactorTicketPurpose } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Secrets that do not start like a sealed value (`v1.`): those stored before encryption at rest. */
export function totpSecretsNotSealed(db: Db) {
  return db
    .selectFrom('totp_credentials')
    .select(['user_id', 'secret'])
    .where('secret', 'not like', 'v1.%')
    .execute();
}

export async function replaceTotpSecret(db: Db, userId: number, old: string, secret: string) {
  const result = await db
    .updateTable('totp_credentials')
    .set({ secret })
    .where('user_id', '=', userId)
    .where('secret', '=', old)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function findTotp(db: Db, userId: number) {
  return db.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/**
 * A new, unconfirmed secret replaces an earlier unconfirmed one, never a confirmed one (one
 * statement, so two set-ups started at once cannot collide).
 */
export async function savePendingTotp(db: Db, userId: number, secret: string, now: string) {
  await db
    .insertInto('totp_credentials')
    .values({ user_id: userId, secret, created_at: now, confirmed_at: null, last_used_step: null })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret, created_at: now, last_used_step: null })
        .where('totp_credentials.confirmed_at', 'is', null),
    )
    .execute();
}

export async function confirmTotp(db: Db, userId: number, step: number, now: string) {
  const row = await db
    .updateTable('totp_credentials')
    .set({ confirmed_at: now, last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records the step of an accepted code, only if it is later than the last one (atomic: no reuse). */
export async function claimTotpStep(db: Db, userId: number, step: number) {
  const row = await db
    .updateTable('totp_credentials')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteTotp(db: Db, userId: number) {
  await db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Db, userId: number, hashes: string[], now: string) {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: now, used_at: null })))
    .execute();
}

export async function spendRecoveryCode(db: Db, userId: number, codeHash: string, now: string) {
  const row = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Db, userId: number) {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the person has a confirmed authenticator or at least one passkey. */
export async function hasSecondFactor(db: Db, userId: number) {
  const totp = await db
    .selectFrom('totp_credentials')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (totp) return true;
  const passkey = await db
    .selectFrom('passkeys')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return passkey !== undefined;
}

export function listPasskeys(db: Db, userId: number) {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findPasskeyByCredentialId(db: Db, credentialId: string) {
  return db
    .selectFrom('passkeys')
    .innerJoin('users', 'users.id', 'passkeys.user_id')
    .selectAll('passkeys')
    .select('users.status')
    .where('passkeys.credential_id', '=', credentialId)
    .executeTakeFirst();
}

export async function insertPasskey(
  db: Db,
  passkey: {
    userId: number;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
    now: string;
  },
) {
  return db
    .insertInto('passkeys')
    .values({
      user_id: passkey.userId,
      credential_id: passkey.credentialId,
      public_key: passkey.publicKey,
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
      created_at: passkey.now,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function recordPasskeyUse(db: Db, id: number, counter: number, now: string) {
  await db.updateTable('passkeys').set({ counter, last_used_at: now }).where('id', '=', id).execute();
}

export async function deletePasskey(db: Db, userId: number, id: number) {
  const result = await db
    .deleteFrom('passkeys')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deletePasskeysOf(db: Db, userId: number) {
  await db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
}

export async function insertTicket(
  db: Db,
  ticket: {
    ticketHash: string;
    purpose: SecondFactorTicketPurpose;
    userId: number | null;
    challenge: string | null;
    expiresAt: string;
  },
  now: string,
) {
  // Abandoned tickets are cleared on the way, so the table never grows.
  await db.deleteFrom('second_factor_tickets').where('expires_at', '<=', now).execute();
  await db
    .insertInto('second_factor_tickets')
    .values({
      ticket_hash: ticket.ticketHash,
      purpose: ticket.purpose,
      user_id: ticket.userId,
      challenge: ticket.challenge,
      expires_at: ticket.expiresAt,
    })
    .execute();
}

export function findTicket(db: Db, ticketHash: string, purpose: SecondFactorTicketPurpose, now: string) {
  return db
    .selectFrom('second_factor_tickets')
    .selectAll()
    .where('ticket_hash', '=', ticketHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Takes the ticket out (single use): returns it only if it was still there and valid. */
export async function consumeTicket(
  db: Db,
  ticketHash: string,
  purpose: SecondFactorTicketPurpose,
  now: string,
) {
  return db
    .deleteFrom('second_factor_tickets')
    .where('ticket_hash', '=', ticketHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function countTicketFailure(db: Db, ticketHash: string) {
  await db
    .updateTable('second_factor_tickets')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('ticket_hash', '=', ticketHash)
    .execute();
}

export async function deleteTicketsOf(db: Db, userId: number) {
  await db.deleteFrom('second_factor_tickets').where('user_id', '=', userId).execute();
}
