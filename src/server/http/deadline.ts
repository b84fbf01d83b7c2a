import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * Every request is answered within its deadline: when the database hangs, or anything else a
 * handler waits for, the client gets a 503 `request_timeout` instead of waiting forever, and the
 * handler's late answer is dropped. Multipart uploads get a longer deadline (a large file over a
 * slow line); WebSocket upgrades have none (their lifetime is the connection's).
 */
export function registerRequestDeadline(
  app: FastifyInstance,
  limits: { requestMs: number; uploadMs: number },
) {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.upgrade) return;
    const upload = request.headers['content-type']?.startsWith('multipart/') ?? false;
    const limit = upload ? limits.uploadMs : limits.requestMs;
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent) return;
      request.log.warn({ url: request.url, limit }, 'request deadline passed');
      reply
        .status(503)
        .header('retry-after', '5')
        .header('connection', 'close')
        .send(
          errorBody(
            request.id,
            'request_timeout',
            'The server could not answer in time. Please try again in a moment.',
          ),
        );
    }, limit);
    timer.unref();
    timers.set(request, timer);
  });
  const clear = async (request: FastifyRequest) => {
    clearTimeout(timers.get(request));
    timers.delete(request);
  };
  app.addHook('onResponse', clear);
  app.addHook('onRequestAbort', clear);
}
