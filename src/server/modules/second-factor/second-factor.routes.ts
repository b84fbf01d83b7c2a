import { idParam } from '../../../shared/api/common.js';
import {
  completeSecondFactorBody,
  confirmTotpBody,
  disableTotpBody,
  recoveryCodes,
  secondFactorSettings,
  secondFactorStatus,
  totpSetup,
  updateSecondFactorSettingsBody,
} from '../../../shared/api/second-factor.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { passkeysRoutes } from './passkeys.routes.js';
import {
  tags as allTags,
  finishLoginSession,
  floodLimit,
  loggedIn,
  noContent,
} from './second-factor.schemas.js';
import * as secondFactor from './second-factor.service.js';
import * as totp from './totp.service.js';

const tags = allTags.secondFactor;
const strictLimit = floodLimit(30);

/** Two-factor (TOTP, recovery codes), passkeys and the admin rule: one registration for app.ts. */
export function secondFactorRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/me/second-factor',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My second factors: authenticator app, recovery codes left, passkeys',
        response: { 200: secondFactorStatus, ...errorResponses },
      },
    },
    async (request) => secondFactor.secondFactorStatus(ctx, viewerOf(request)),
  );

  app.post(
    '/api/v1/me/second-factor/totp',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Start setting up an authenticator app: a new secret as text and QR code',
        response: { 200: totpSetup, ...errorResponses },
      },
    },
    async (request) => totp.startTotpSetup(ctx, viewerOf(request)),
  );

  app.post(
    '/api/v1/me/second-factor/totp/confirm',
    {
      config: { access: 'authenticated', rateLimit: strictLimit },
      schema: {
        tags,
        summary:
          'Confirm the authenticator with a code; turns two-factor on and returns 10 recovery codes (once)',
        body: confirmTotpBody,
        response: { 200: recoveryCodes, ...errorResponses },
      },
    },
    async (request) => totp.confirmTotp(ctx, viewerOf(request), request.body.code),
  );

  app.post(
    '/api/v1/me/second-factor/totp/disable',
    {
      config: { access: 'authenticated', rateLimit: strictLimit },
      schema: {
        tags,
        summary: 'Turn the authenticator app off, with a current code or the password',
        body: disableTotpBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      await totp.disableTotp(ctx, viewerOf(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/session/second-factor',
    {
      config: { access: 'public', originCheck: true },
      schema: {
        tags,
        summary: 'Complete a password login with a code from the authenticator app or a recovery code',
        body: completeSecondFactorBody,
        response: { ...loggedIn, 410: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const { userId, secret } = await secondFactor.completeSecondFactor(
        ctx,
        request.body,
        request.ip,
        request.headers['user-agent'] ?? '',
      );
      return finishLoginSession(ctx, reply, userId, secret);
    },
  );

  app.get(
    '/api/v1/admin/identity/second-factor',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Whether administrators must have a second factor',
        response: { 200: secondFactorSettings, ...errorResponses },
      },
    },
    async () => secondFactor.loadSettings(ctx),
  );

  app.put(
    '/api/v1/admin/identity/second-factor',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Require a second factor for administrators (only by an admin who has one)',
        body: updateSecondFactorSettingsBody,
        response: { 200: secondFactorSettings, ...errorResponses },
      },
    },
    async (request) => secondFactor.updateSettings(ctx, viewerOf(request), request.body),
  );

  app.delete(
    '/api/v1/admin/users/:id/second-factor',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'Reset a person’s second factor (authenticator, recovery codes, passkeys); ends their sessions',
        params: idParam,
        response: noContent,
      },
    },
    async (request, reply) => {
      await secondFactor.resetSecondFactor(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  passkeysRoutes(app, ctx);
}
