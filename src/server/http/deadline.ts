import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Work that is slow by design (setup with the demo company): gets the upload deadline. */
    longRunning?: boolean;
  }
}

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/**
 * Every request is answered within its deadline: when the database hangs, or anything else a
 * handler waits for, the client gets a 503 `request_timeout` instead of waiting forever, and the
 * handler's late answer is dropped. Multipart uploads and routes marked `longRunning` get the
 * longer upload deadline (a large file over a slow line); WebSocket upgrades have none.
 */
export function registerRequestDeadline(
  app: FastifyInstance,
  limits: { requestMs: number; uploadMs: number },
) {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.upgrade) return;
    const upload = request.headers['content-type']?.startsWith('multipart/') ?? false;
    const long = upload || request.routeOptions.config?.longRunning === true;
    const limit = long ? limits.uploadMs : limits.requestMs;
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
