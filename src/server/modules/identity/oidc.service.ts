import type * as Oidc from 'openid-client';
import type { ErrorCode } from '../../../shared/api/errors.js';
import type { AuthProviders } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { membershipsChanged } from '../access/memberships.js';
import * as authRepo from '../auth/auth.repo.js';
import { startSession } from '../auth/auth.service.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { placeholderEmail, visibleEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson } from '../users/users.service.js';
import * as repo from './identity.repo.js';
import {
  type OidcPerson,
  personFromClaims,
  roleFromGroups,
  safeReturnTo,
  spacesFromGroups,
} from './oidc.mapping.js';
import { importPicture } from './oidc.picture.js';
import {
  discoveryCache,
  isOidcUsable,
  loadOidcConfig,
  type OidcConfig,
  oidcRedirectUri,
} from './oidc.settings.js';
import { guardedFetch } from './outbound.js';

const LOGIN_LIFETIME = 10 * MINUTE;
/** openid-client (with jose) loads with the first sign-in through a provider, not at start. */
const oidcLibrary = () => import('openid-client');

export const OIDC_STATE_COOKIE = 'kantine_oidc';

/** Why an SSO login ended without a session; the login page shows the code's message. */
const ssoError = (code: ErrorCode, message: string) => new AppError(400, code, message);

export async function authProviders(ctx: AppContext): Promise<AuthProviders> {
  const config = await loadOidcConfig(ctx);
  const usable = isOidcUsable(config);
  return {
    password: !(usable && config.onlySso),
    onlySso: usable && config.onlySso,
    providers: usable
      ? [{ id: 'oidc', kind: 'oidc', label: config.buttonLabel, loginUrl: '/auth/oidc/login' }]
      : [],
  };
}

async function providerConfiguration(ctx: AppContext, config: OidcConfig): Promise<Oidc.Configuration> {
  const client = await oidcLibrary();
  const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret]);
  const cache = discoveryCache(ctx) as Map<string, Promise<Oidc.Configuration>>;
  let configuration = cache.get(key);
  if (!configuration) {
    const allowPrivate = ctx.config.outboundAllowPrivate;
    configuration = client.discovery(
      new URL(config.issuer),
      config.clientId,
      undefined,
      config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None(),
      {
        [client.customFetch]: guardedFetch(allowPrivate) as Oidc.CustomFetch,
        // Plain http reaches only the issuers the outbound rule lets through (labs and tests).
        execute: allowPrivate ? [client.allowInsecureRequests] : [],
        timeout: 10,
      },
    );
    cache.set(key, configuration);
    // A failed discovery is not remembered: the next login tries again.
    configuration.catch(() => cache.delete(key));
  }
  try {
    return await configuration;
  } catch (error) {
    if (error instanceof AppError) throw error;
    ctx.log.warn({ err: error }, 'OpenID Connect discovery failed');
    throw new AppError(502, 'sso_unavailable', 'The sign-in provider cannot be reached right now.');
  }
}

async function usableConfig(ctx: AppContext) {
  const config = await loadOidcConfig(ctx);
  if (!isOidcUsable(config))
    throw new AppError(404, 'sso_not_configured', 'Single sign-on is not set up for this Kantine.');
  return config;
}

/** Starts a login: remembers PKCE verifier, nonce and where to go afterwards under the hashed state. */
export async function beginLogin(ctx: AppContext, origin: string, returnTo: string | undefined) {
  const config = await usableConfig(ctx);
  const configuration = await providerConfiguration(ctx, config);
  const client = await oidcLibrary();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await repo.insertOidcLogin(
    ctx.database.db,
    {
      stateHash: hashSecret(state),
      codeVerifier,
      nonce,
      returnTo: safeReturnTo(returnTo),
      expiresAt: isoIn(ctx.clock, LOGIN_LIFETIME),
    },
    isoNow(ctx.clock),
  );
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidcRedirectUri(ctx, origin),
    scope: config.scopes.includes('openid') ? config.scopes : `openid ${config.scopes}`,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { redirectUrl: url.href, state };
}

/**
 * Completes a login at the callback. The state must match the one this browser started with (its
 * cookie), so nobody can log a victim into the attacker's account. Returns the new session's secret.
 */
export async function finishLogin(
  ctx: AppContext,
  origin: string,
  callbackUrl: URL,
  stateCookie: string | undefined,
  userAgent: string,
) {
  const config = await usableConfig(ctx);
  const client = await oidcLibrary();
  const state = callbackUrl.searchParams.get('state');
  if (!state || !stateCookie || state !== stateCookie)
    throw ssoError('sso_failed', 'The sign-in could not be completed. Please try again.');
  const pending = await repo.takeOidcLogin(ctx.database.db, hashSecret(state), isoNow(ctx.clock));
  if (!pending)
    throw ssoError('sso_failed', 'The sign-in took too long or was already used. Please try again.');
  if (callbackUrl.searchParams.get('error'))
    throw ssoError('sso_denied', 'The sign-in provider did not confirm the login.');
  const configuration = await providerConfiguration(ctx, config);
  const redirectUri = new URL(oidcRedirectUri(ctx, origin));
  const currentUrl = new URL(`${redirectUri.pathname}${callbackUrl.search}`, redirectUri);
  let tokens: Awaited<ReturnType<typeof Oidc.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    ctx.log.warn({ err: error }, 'OpenID Connect code exchange failed');
    throw ssoError('sso_failed', 'The sign-in could not be completed. Please try again.');
  }
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) throw ssoError('sso_failed', 'The provider sent no ID token.');
  let claims: Record<string, unknown> = { ...idClaims };
  if (configuration.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims, ...pickMissing(info, idClaims) };
    } catch (error) {
      ctx.log.warn({ err: error }, 'OpenID Connect user info failed; using the ID token alone');
    }
  }
  const person = personFromClaims(claims, config);
  const userId = await userFor(ctx, config, configuration.serverMetadata().issuer, person);
  await importPicture(ctx, userId, person.picture);
  const secret = await startSession(ctx, userId, userAgent);
  await repo.insertOidcSession(
    ctx.database.db,
    hashSecret(secret),
    configuration.serverMetadata().issuer,
    tokens.id_token,
  );
  return { secret, returnTo: pending.return_to };
}

/** User info fills what the ID token left out (providers put profile claims in either place). */
function pickMissing(info: Record<string, unknown>, idClaims: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(info).filter(([key]) => idClaims[key] === undefined));
}

/**
 * The person behind an SSO login: the linked account, else the account with the same *verified*
 * e-mail (linked from now on), else a new one. Deactivated people are refused on every path.
 */
async function userFor(ctx: AppContext, config: OidcConfig, issuer: string, person: OidcPerson) {
  const now = isoNow(ctx.clock);
  const role = roleFromGroups(person.groups, config);
  const spaceIds = spacesFromGroups(person.groups, config);
  const userId = await ctx.database.transaction(async (trx, afterCommit, emit) => {
    const link = await repo.findOidcLink(trx, issuer, person.subject);
    let user = link ? await usersRepo.findUserById(trx, link.user_id) : undefined;
    if (!user && person.email) {
      const sameEmail = await usersRepo.findUserByEmail(trx, person.email);
      if (sameEmail && !person.emailVerified)
        throw ssoError(
          'sso_email_unverified',
          'Your e-mail address is not verified at the sign-in provider, so it cannot be linked to your Kantine account.',
        );
      user = sameEmail;
    }
    if (user && user.status !== 'active')
      throw new AppError(403, 'account_deactivated', 'This account has been deactivated.');
    let id: number;
    if (user) {
      id = user.id;
      // Never demote the last administrator through a group change at the provider.
      const lastAdmin = user.role === 'admin' && (await usersRepo.countActiveAdmins(trx)) <= 1;
      if (role && role !== user.role && !lastAdmin)
        await usersRepo.updateUser(trx, id, { role, updated_at: now });
    } else {
      id = await createPerson(trx, now, {
        email: person.email && person.emailVerified ? person.email : placeholderEmail(`sso-${newSecret(9)}`),
        name: person.name,
        password: null,
        role: role ?? 'member',
        title: person.title ?? undefined,
        department: person.department ?? undefined,
      });
    }
    await repo.insertOidcLink(trx, issuer, person.subject, id, now);
    if (spaceIds.length > 0) membershipsChanged(ctx, afterCommit, { userIds: [id] });
    for (const spaceId of spaceIds) {
      if (!(await spacesRepo.findSpace(trx, spaceId))) continue;
      const membership = await spacesRepo.findMembership(trx, spaceId, id);
      if (membership?.status !== 'member')
        await spacesRepo.upsertMembership(trx, spaceId, id, 'member', 'member', now);
    }
    emit({ type: 'user.changed', userId: id });
    return id;
  });
  return userId;
}

/** Where the browser goes after logging out: the provider's end-session page when it offers one. */
export async function endSessionUrl(ctx: AppContext, viewer: Viewer | null, origin: string) {
  if (!viewer?.sessionId) return null;
  const session = await repo.findOidcSession(ctx.database.db, viewer.sessionId);
  if (!session) return null;
  const config = await loadOidcConfig(ctx);
  if (!isOidcUsable(config)) return null;
  try {
    const configuration = await providerConfiguration(ctx, config);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const client = await oidcLibrary();
    return client.buildEndSessionUrl(configuration, {
      id_token_hint: session.id_token,
      post_logout_redirect_uri: `${ctx.config.publicUrl ?? origin}/login`,
    }).href;
  } catch (error) {
    ctx.log.warn({ err: error }, 'no RP-initiated logout: provider unavailable');
    return null;
  }
}

/**
 * With "only SSO", a correct password still opens no session for people who have SSO — except
 * administrators (emergency access when the provider is down) and staff without e-mail, who log
 * in with access codes and personnel numbers. Checked after the password, so it reveals nothing.
 */
export async function refuseIfSsoOnly(ctx: AppContext, userId: number, sessionSecret: string) {
  const config = await loadOidcConfig(ctx);
  if (!isOidcUsable(config) || !config.onlySso) return;
  const user = await usersRepo.findUserById(ctx.database.db, userId);
  if (!user || user.role === 'admin' || visibleEmail(user.email) === '') return;
  await authRepo.deleteSession(ctx.database.db, hashSecret(sessionSecret));
  throw new AppError(403, 'sso_only', 'Please log in with single sign-on.');
}
