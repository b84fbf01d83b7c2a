import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { DAY, HOUR, isoIn, isoNow, MINUTE } from '../lib/clock.js';
import { fail } from './errors.js';
import * as repo from './idempotency.repo.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: repo.KeyOwner;
  }
  interface FastifyContextConfig {
    /**
     * false: never keyed. For requests whose body must not be kept with the person, not even as a
     * hash (anonymous survey answers); such routes refuse a repeat on their own.
     */
    idempotency?: false;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long the first answer is kept and replayed. */
export const IDEMPOTENCY_KEPT = DAY;
/** A first request that has not answered in this time is taken to have died with its node. */
const ABANDONED_AFTER = 2 * MINUTE;
/** How long a repeat waits for the first request's answer (a double click arrives while it runs). */
const WAIT_MS = 15_000;
const POLL_MS = 40;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * `Idempotency-Key` on POST requests, in one place for every route: the first request with a key
 * runs and its successful answer (status and body) is stored for 24 hours per person and key; a
 * repeat with the same key and the same request gets that answer without acting again (waiting
 * while the first still runs); a repeat with another request is refused with 422. Failed answers
 * are not stored: what failed changed nothing, so the next attempt runs for real. Requests without a
 * person (login, setup) are not keyed: a stored answer must never reach anyone else.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.config.idempotency === false) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !request.viewer) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header))
      throw fail.badRequest(
        'invalid_idempotency_key',
        'Idempotency-Key must be 8 to 100 letters, digits or the characters . _ : -',
      );
    const owner = { userId: request.viewer.id, key: header };
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (await repo.claim(db, owner, hash, isoNow(ctx.clock))) {
        request.idempotency = owner;
        return;
      }
      const first = await repo.find(db, owner);
      if (!first) continue;
      const expired = first.created_at < isoIn(ctx.clock, -IDEMPOTENCY_KEPT);
      const abandoned = first.status_code === null && first.created_at < isoIn(ctx.clock, -ABANDONED_AFTER);
      if (expired || abandoned) {
        await repo.release(db, owner, first.created_at);
        continue;
      }
      if (first.request_hash !== hash)
        throw fail.unprocessable(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      if (first.status_code !== null) {
        reply.header('idempotent-replayed', 'true').code(first.status_code);
        if (!first.response_body) return reply.send();
        return reply.type('application/json; charset=utf-8').send(first.response_body);
      }
      if (Date.now() > deadline)
        throw fail.conflict('idempotency_in_progress', 'The same request is still being processed.');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const owner = request.idempotency;
    if (!owner) return payload;
    request.idempotency = undefined;
    const storable = payload === null || payload === undefined || typeof payload === 'string';
    if (reply.statusCode >= 200 && reply.statusCode < 300 && storable)
      await repo.complete(db, owner, reply.statusCode, (payload as string | null | undefined) ?? '');
    else await repo.release(db, owner);
    return payload;
  });

  // A request that dies without an answer (client gone) frees its key at once.
  app.addHook('onRequestAbort', async (request) => {
    if (request.idempotency) await repo.release(db, request.idempotency);
  });

  const sweep = setInterval(
    () => void repo.deleteCreatedBefore(db, isoIn(ctx.clock, -IDEMPOTENCY_KEPT)).catch(() => undefined),
    HOUR,
  );
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
}
