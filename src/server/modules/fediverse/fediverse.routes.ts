import type { Federation } from '@fedify/fedify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fediverseStatus } from '../../../shared/api/fediverse.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { errorBody } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import { federationStatus } from './fediverse.service.js';

/** What an inbox accepts at most (a Mastodon status with its context is a few kilobytes). */
const INBOX_BODY_LIMIT = 256 * 1024;

/**
 * Fastify hands the federation paths to Fedify (`federation.fetch`) as a fetch Request whose URL
 * is built on Kantine's public address, never on the Host header, so ids and WebFinger answers
 * always name the configured host. The body reaches Fedify byte for byte (its digest is signed).
 */
async function forward(
  ctx: AppContext,
  federation: () => Promise<Federation<void>>,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!ctx.config.federation)
    return reply.status(404).send(errorBody(request.id, 'not_found', 'Federation is switched off.'));
  const base = new URL(await publicBaseUrl(ctx)).origin;
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const body = request.body instanceof Buffer && request.body.length > 0 ? request.body : undefined;
  const response = await (await federation()).fetch(
    new Request(`${base}${request.url}`, { method: request.method, headers, body }),
    {
      contextData: undefined,
      onNotFound: () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }),
      onNotAcceptable: () =>
        new Response('Ask for application/activity+json, or read the newsroom at /news.', {
          status: 406,
          headers: { 'content-type': 'text/plain', vary: 'Accept' },
        }),
    },
  );
  // The request's deadline may have answered already (a busy machine).
  if (reply.sent) return reply;
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    reply.header(name, value);
  });
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

export function fediverseRoutes(app: Api, ctx: AppContext) {
  // Fedify loads with the first federation request, not at start (~0.6 s and ~60 MB).
  let federation: Promise<Federation<void>> | undefined;
  const lazily = () => {
    federation ??= import('./fediverse.federation.js').then(
      ({ buildFederation }) => buildFederation(ctx),
      (error: unknown) => {
        federation = undefined;
        throw error;
      },
    );
    return federation;
  };

  app.get(
    '/api/v1/newsroom/fediverse',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['newsroom'],
        summary: 'The newsroom on the Fediverse: handle and number of followers (editors)',
        response: { 200: fediverseStatus, ...errorResponses },
      },
    },
    (request) => federationStatus(ctx, viewerOf(request)),
  );

  // Its own scope: bodies stay raw bytes here (signed digests), whatever their content type.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: INBOX_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    // Long-running: the first answer makes the key pair (seconds on a busy machine), and an inbox
    // fetches the sender's key from its server (up to 10 s) before it can verify the signature.
    const options = { config: { access: 'public' as const, longRunning: true }, schema: { hide: true } };
    const handler = (request: FastifyRequest, reply: FastifyReply) => forward(ctx, lazily, request, reply);
    scope.get('/.well-known/webfinger', options, handler);
    scope.get('/ap/*', options, handler);
    scope.post('/ap/*', options, handler);
  });
}
