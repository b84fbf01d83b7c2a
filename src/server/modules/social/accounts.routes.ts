import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import {
  authorizeAnswer,
  createAccountBody,
  mastodonCallbackQuery,
  socialAccount,
} from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as accounts from './accounts.service.js';
import { CALLBACK_PATH, finishMastodonAuthorisation } from './mastodon-oauth.service.js';

const tags = ['social'];

/** Connected network accounts: list, connect (token, app password, or Mastodon OAuth), disconnect. */
export function accountsRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/social/accounts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Connected network accounts (credentials are never shown)',
        response: { 200: z.object({ items: z.array(socialAccount) }), ...errorResponses },
      },
    },
    (request) => accounts.listAccounts(ctx, viewerOf(request)),
  );

  app.post(
    '/api/v1/social/accounts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Connect a Mastodon (instance URL + access token) or Bluesky (handle + app password) account',
        description:
          'Mastodon without `accessToken` starts the OAuth app registration: Kantine registers an app on the instance (once per instance) and answers 200 `{authorizeUrl}`; the browser goes there, and the instance sends it back to `GET /api/v1/social/accounts/mastodon/callback`, which stores the token and redirects to the desk.',
        body: createAccountBody,
        response: { 200: authorizeAnswer, 201: socialAccount, ...errorResponses },
      },
    },
    async (request, reply) => {
      const answer = await accounts.connectAccount(ctx, viewerOf(request), request.body);
      return 'authorizeUrl' in answer ? reply.status(200).send(answer) : reply.status(201).send(answer);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Where a Mastodon instance sends the browser back: stores the token, then redirects to the desk (`/social?mastodon=connected|denied|failed`)',
        querystring: mastodonCallbackQuery,
      },
    },
    async (request, reply) => {
      const outcome = await finishMastodonAuthorisation(ctx, viewerOf(request), request.query);
      return reply.header('cache-control', 'no-store').redirect(`/social?mastodon=${outcome}`, 302);
    },
  );

  app.delete(
    '/api/v1/social/accounts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Disconnect an account', params: idParam },
    },
    async (request, reply) => {
      await accounts.removeAccount(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
