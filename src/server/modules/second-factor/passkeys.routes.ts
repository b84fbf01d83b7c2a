import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import {
  passkeyCeremony,
  passkeyInfo,
  passkeyLoginBody,
  registerPasskeyBody,
} from '../../../shared/api/second-factor.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { startSession } from '../auth/auth.service.js';
import * as passkeys from './passkeys.service.js';
import {
  tags as allTags,
  finishLoginSession,
  floodLimit,
  loggedIn,
  noContent,
} from './second-factor.schemas.js';

const tags = allTags.passkeys;
const strictLimit = floodLimit(20);

export function passkeysRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/me/passkeys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My passkeys',
        response: { 200: z.object({ items: z.array(passkeyInfo) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await passkeys.listPasskeys(ctx, viewerOf(request)) }),
  );

  app.post(
    '/api/v1/me/passkeys/options',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Options for navigator.credentials.create() and the ticket to send back with the answer',
        response: { 200: passkeyCeremony, ...errorResponses },
      },
    },
    async (request) => passkeys.startRegistration(ctx, viewerOf(request)),
  );

  app.post(
    '/api/v1/me/passkeys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Store a new passkey; in a session an access code opened it is the first credential',
        body: registerPasskeyBody,
        response: { 201: z.object({ passkey: passkeyInfo }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const { passkey, firstCredential } = await passkeys.finishRegistration(ctx, viewer, request.body);
      // The access code's set-up session ended with the first credential: a normal one follows.
      if (firstCredential) setSessionCookie(ctx, reply, await startSession(ctx, viewer.id, 'access code'));
      return reply.status(201).send({ passkey });
    },
  );

  app.delete(
    '/api/v1/me/passkeys/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Delete one of my passkeys',
        params: idParam,
        response: noContent,
      },
    },
    async (request, reply) => {
      await passkeys.deletePasskey(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/session/passkey/options',
    {
      config: { access: 'public', rateLimit: strictLimit },
      schema: {
        tags,
        summary: 'Options for a passkey login (navigator.credentials.get(), no user name needed)',
        response: { 200: passkeyCeremony, ...errorResponses },
      },
    },
    async () => passkeys.startLogin(ctx),
  );

  app.post(
    '/api/v1/session/passkey',
    {
      config: { access: 'public', originCheck: true, rateLimit: strictLimit },
      schema: {
        tags,
        summary: 'Log in with a passkey (counts as two factors); sets the session cookie',
        body: passkeyLoginBody,
        response: loggedIn,
      },
    },
    async (request, reply) => {
      const { userId, secret } = await passkeys.finishLogin(
        ctx,
        request.body,
        request.ip,
        request.headers['user-agent'] ?? '',
      );
      return finishLoginSession(ctx, reply, userId, secret);
    },
  );
}
