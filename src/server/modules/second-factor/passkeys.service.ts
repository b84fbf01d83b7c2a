import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AppContext } from '../../context.js';
import { AppError, fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import * as authRepo from '../auth/auth.repo.js';
import { countAttempt, startSession, throttledForSeconds } from '../auth/auth.service.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { presentPasskey } from './second-factor.presenter.js';
import * as repo from './second-factor.repo.js';

/** The WebAuthn library is loaded on the first passkey action, not at start (it costs ~0.3 s and ~25 MB). */
const webauthn = () => import('@simplewebauthn/server');

const CEREMONY_LIFETIME = 5 * MINUTE;
const MAX_PASSKEYS = 20;
const LOGIN_FAILURE_LIMIT = 30;

/**
 * The relying party is Kantine's public address (`KANTINE_PUBLIC_URL` or the address stored at
 * setup), never the Host header of the request: the browser binds a passkey to this host name.
 */
async function relyingParty(ctx: AppContext) {
  const url = new URL(await publicBaseUrl(ctx));
  const organisation = await orgRepo.findOrganisation(ctx.database.db);
  return { rpID: url.hostname, origin: url.origin, rpName: organisation?.name ?? 'Kantine' };
}

async function newCeremony(
  ctx: AppContext,
  purpose: 'passkey_register' | 'passkey_login',
  userId: number | null,
  challenge: string,
) {
  const ticket = newSecret();
  await repo.insertTicket(
    ctx.database.db,
    {
      ticketHash: hashSecret(ticket),
      purpose,
      userId,
      challenge,
      expiresAt: isoIn(ctx.clock, CEREMONY_LIFETIME),
    },
    isoNow(ctx.clock),
  );
  return ticket;
}

const failed = (message = 'The passkey could not be checked. Please try again.') =>
  new AppError(400, 'passkey_failed', message);

/** Options for `navigator.credentials.create()`: a discoverable credential, so login needs no name. */
export async function startRegistration(ctx: AppContext, viewer: Viewer) {
  const { db } = ctx.database;
  const [user, existing, rp] = await Promise.all([
    usersRepo.findUserById(db, viewer.id),
    repo.listPasskeys(db, viewer.id),
    relyingParty(ctx),
  ]);
  if (!user) throw fail.unauthorized();
  if (existing.length >= MAX_PASSKEYS)
    throw fail.badRequest('validation_failed', `At most ${MAX_PASSKEYS} passkeys per person.`);
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email || user.personnel_number || user.handle,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(String(user.id)),
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({
      id: row.credential_id,
      transports: JSON.parse(row.transports) as string[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const ticket = await newCeremony(ctx, 'passkey_register', viewer.id, options.challenge);
  return { ticket, options: options as unknown as Record<string, unknown> };
}

/**
 * Checks the browser's answer and stores the passkey. In a session an access code opened, this is
 * the first credential: that session ends and a normal one starts (the secret is returned).
 */
export async function finishRegistration(
  ctx: AppContext,
  viewer: Viewer,
  input: { ticket: string; name: string; response: unknown },
) {
  const { db } = ctx.database;
  const ticket = await repo.consumeTicket(
    db,
    hashSecret(input.ticket),
    'passkey_register',
    isoNow(ctx.clock),
  );
  if (!ticket?.challenge || ticket.user_id !== viewer.id)
    throw failed('This passkey set-up has expired. Please start again.');
  const rp = await relyingParty(ctx);
  const verification = await (await webauthn())
    .verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: ticket.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    })
    .catch((error: Error) => {
      ctx.log.info({ err: error }, 'passkey registration refused');
      throw failed();
    });
  if (!verification.verified) throw failed();
  const { credential } = verification.registrationInfo;
  if (await repo.findPasskeyByCredentialId(db, credential.id))
    throw fail.conflict('passkey_failed', 'This passkey is already registered.');
  return ctx.database.transaction(async (trx) => {
    const now = isoNow(ctx.clock);
    const row = await repo.insertPasskey(trx, {
      userId: viewer.id,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name,
      now,
    });
    if (viewer.mustSetCredential) await authRepo.deleteUserSessions(trx, viewer.id);
    return { passkey: presentPasskey(row), firstCredential: viewer.mustSetCredential === true };
  });
}

/** Options for a usernameless login: no credentials listed, the authenticator offers its own. */
export async function startLogin(ctx: AppContext) {
  const rp = await relyingParty(ctx);
  const options = await (await webauthn()).generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: 'required',
  });
  const ticket = await newCeremony(ctx, 'passkey_login', null, options.challenge);
  return { ticket, options: options as unknown as Record<string, unknown> };
}

/** A verified passkey (with user verification) is both factors at once: a full session starts. */
export async function finishLogin(
  ctx: AppContext,
  input: { ticket: string; response: unknown },
  ip: string,
  userAgent: string,
) {
  const { db } = ctx.database;
  const ipKey = `passkey:${ip}`;
  const wait = await throttledForSeconds(ctx, ipKey, LOGIN_FAILURE_LIMIT);
  if (wait > 0) throw fail.tooMany('Too many failed attempts from this address. Please wait.', wait);
  const ticket = await repo.consumeTicket(db, hashSecret(input.ticket), 'passkey_login', isoNow(ctx.clock));
  if (!ticket?.challenge) throw failed('This passkey login has expired. Please try again.');
  const response = input.response as AuthenticationResponseJSON;
  const passkey = await repo.findPasskeyByCredentialId(db, response.id);
  if (passkey?.status !== 'active') {
    await countAttempt(ctx, ipKey);
    throw new AppError(401, 'invalid_credentials', 'This passkey is not known here.');
  }
  const rp = await relyingParty(ctx);
  const verification = await (await webauthn())
    .verifyAuthenticationResponse({
      response,
      expectedChallenge: ticket.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: passkey.counter,
        transports: JSON.parse(passkey.transports),
      },
    })
    .catch(async (error: Error) => {
      ctx.log.info({ err: error }, 'passkey login refused');
      await countAttempt(ctx, ipKey);
      throw failed();
    });
  if (!verification.verified) throw failed();
  await repo.recordPasskeyUse(db, passkey.id, verification.authenticationInfo.newCounter, isoNow(ctx.clock));
  return { userId: passkey.user_id, secret: await startSession(ctx, passkey.user_id, userAgent) };
}

export async function listPasskeys(ctx: AppContext, viewer: Viewer) {
  return (await repo.listPasskeys(ctx.database.db, viewer.id)).map(presentPasskey);
}

export async function deletePasskey(ctx: AppContext, viewer: Viewer, id: number) {
  if (!(await repo.deletePasskey(ctx.database.db, viewer.id, id))) throw fail.notFound('No such passkey.');
}
