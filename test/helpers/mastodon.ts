import type { AddressInfo } from 'node:net';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';

export interface ReceivedMedia {
  authorization: string | undefined;
  description: string;
  mime: string;
  bytes: number;
}
export interface ReceivedStatus {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { status: string; media_ids: string[]; visibility: string };
}

export interface RegisteredApp {
  clientName: string;
  redirectUri: string;
  scopes: string;
  clientId: string;
  clientSecret: string;
}

/**
 * A receiving server with Mastodon's documented endpoints (verify_credentials, POST /api/v2/media,
 * POST /api/v1/statuses, and the OAuth flow: POST /api/v1/apps, GET /oauth/authorize — approving at
 * once, as if the person clicked "Authorise" — and POST /oauth/token). It checks the shapes as
 * Mastodon does (bearer token, multipart `file`, known media ids, the registered redirect URI and
 * client secret, single-use codes) and honours Idempotency-Key: the same key answers the same status again.
 */
export async function startMastodon(token: string) {
  const media: ReceivedMedia[] = [];
  const statuses: ReceivedStatus[] = [];
  const byKey = new Map<string, { id: string; url: string }>();
  let failNext = 0;
  const apps: RegisteredApp[] = [];
  const codes = new Map<string, { clientId: string; redirectUri: string }>();
  const issued = new Set<string>();
  const tokenRequests: Array<Record<string, unknown>> = [];
  const app = Fastify();
  await app.register(multipart);
  await app.register(formbody);
  const authorised = (header: string | undefined) =>
    header === `Bearer ${token}` || issued.has(String(header).replace(/^Bearer /, ''));
  app.post('/api/v1/apps', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.client_name !== 'string' || typeof body.redirect_uris !== 'string')
      return reply
        .status(422)
        .send({ error: 'Validation failed: client_name and redirect_uris are required' });
    const registered: RegisteredApp = {
      clientName: body.client_name,
      redirectUri: body.redirect_uris,
      scopes: String(body.scopes ?? 'read'),
      clientId: `client-${apps.length + 1}`,
      clientSecret: `secret-${apps.length + 1}-${Math.random().toString(36).slice(2)}`,
    };
    apps.push(registered);
    return {
      id: String(apps.length),
      name: registered.clientName,
      redirect_uri: registered.redirectUri,
      client_id: registered.clientId,
      client_secret: registered.clientSecret,
    };
  });
  app.get('/oauth/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const registered = apps.find((candidate) => candidate.clientId === query.client_id);
    if (!registered || query.response_type !== 'code' || query.redirect_uri !== registered.redirectUri)
      return reply.status(400).send({ error: 'invalid_request' });
    const asked = String(query.scope ?? '').split(' ');
    if (asked.some((scope) => !registered.scopes.split(' ').includes(scope)))
      return reply.status(400).send({ error: 'invalid_scope' });
    const code = `code-${Math.random().toString(36).slice(2)}`;
    codes.set(code, { clientId: registered.clientId, redirectUri: registered.redirectUri });
    const back = new URL(registered.redirectUri);
    back.searchParams.set('code', code);
    if (query.state) back.searchParams.set('state', query.state);
    return reply.redirect(back.toString(), 302);
  });
  app.post('/oauth/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    tokenRequests.push(body);
    const registered = apps.find((candidate) => candidate.clientId === body.client_id);
    const code = codes.get(String(body.code));
    if (
      body.grant_type !== 'authorization_code' ||
      !registered ||
      registered.clientSecret !== body.client_secret ||
      !code ||
      code.clientId !== registered.clientId ||
      code.redirectUri !== body.redirect_uri
    )
      return reply.status(400).send({ error: 'invalid_grant' });
    codes.delete(String(body.code));
    const accessToken = `oauth-token-${Math.random().toString(36).slice(2)}`;
    issued.add(accessToken);
    return { access_token: accessToken, token_type: 'Bearer', scope: registered.scopes, created_at: 0 };
  });
  app.get('/api/v1/accounts/verify_credentials', async (request, reply) => {
    if (!authorised(request.headers.authorization))
      return reply.status(401).send({ error: 'The access token is invalid' });
    return { id: '1', username: 'firma', acct: 'firma' };
  });
  app.post('/api/v2/media', async (request, reply) => {
    if (!authorised(request.headers.authorization))
      return reply.status(401).send({ error: 'The access token is invalid' });
    let description = '';
    let file: { mime: string; bytes: number } | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'file')
        file = { mime: part.mimetype, bytes: (await part.toBuffer()).length };
      else if (part.type === 'field' && part.fieldname === 'description') description = String(part.value);
    }
    if (!file || file.bytes === 0)
      return reply.status(422).send({ error: 'Validation failed: File is missing' });
    media.push({ authorization: request.headers.authorization, description, ...file });
    return { id: String(media.length), type: 'image', url: `https://example/m/${media.length}`, description };
  });
  app.post('/api/v1/statuses', async (request, reply) => {
    if (!authorised(request.headers.authorization))
      return reply.status(401).send({ error: 'The access token is invalid' });
    const body = request.body as ReceivedStatus['body'];
    const key = request.headers['idempotency-key'] as string | undefined;
    statuses.push({ authorization: request.headers.authorization, idempotencyKey: key, body });
    if (typeof body?.status !== 'string' || !Array.isArray(body.media_ids))
      return reply.status(422).send({ error: 'Validation failed' });
    if (body.media_ids.some((id) => Number(id) < 1 || Number(id) > media.length))
      return reply.status(422).send({ error: 'Invalid media' });
    if ([...body.status].length > 500)
      return reply.status(422).send({ error: 'Text character limit of 500 exceeded' });
    const known = key ? byKey.get(key) : undefined;
    if (known) return known;
    const id = String(100 + byKey.size + 1);
    const status = { id, url: `https://mastodon.example/@firma/${id}` };
    if (key) byKey.set(key, status);
    // "Posted, but the answer got lost": the client must retry with the same key.
    if (failNext > 0) {
      failNext--;
      return reply.status(503).send({ error: 'try later' });
    }
    return status;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    media,
    statuses,
    apps,
    tokenRequests,
    /** Tokens handed out through OAuth (the test checks Kantine never shows them). */
    issued,
    /** Distinct statuses created (what followers would see). */
    created: () => byKey.size,
    failNextStatus(times: number) {
      failNext = times;
    },
    close: () => app.close(),
  };
}
