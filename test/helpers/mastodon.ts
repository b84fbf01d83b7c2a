import type { AddressInfo } from 'node:net';
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

/**
 * A receiving server with Mastodon's documented endpoints (verify_credentials, POST /api/v2/media,
 * POST /api/v1/statuses). It checks the shapes as Mastodon does (bearer token, multipart `file`,
 * known media ids) and honours Idempotency-Key: the same key answers the same status again.
 */
export async function startMastodon(token: string) {
  const media: ReceivedMedia[] = [];
  const statuses: ReceivedStatus[] = [];
  const byKey = new Map<string, { id: string; url: string }>();
  let failNext = 0;
  const app = Fastify();
  await app.register(multipart);
  const authorised = (header: string | undefined) => header === `Bearer ${token}`;
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
    /** Distinct statuses created (what followers would see). */
    created: () => byKey.size,
    failNextStatus(times: number) {
      failNext = times;
    },
    close: () => app.close(),
  };
}
