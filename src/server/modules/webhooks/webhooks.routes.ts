import { z } from 'zod';
import { idParam, page } from '../../../shared/api/common.js';
import {
  createdWebhook,
  createWebhookBody,
  cursorQuery,
  outboxEvent,
  outboxQuery,
  updateWebhookBody,
  webhook,
  webhookDelivery,
} from '../../../shared/api/webhooks.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { listOutbox, retryOutboxEvent } from '../outbox/outbox.service.js';
import * as webhooks from './webhooks.service.js';

const tags = ['administration'];

/** Outgoing webhooks and the outbox's dead letters, for administrators. `wake` starts the worker after a retry. */
export function webhooksRoutes(app: Api, ctx: AppContext, wake: () => void) {
  app.get(
    '/api/v1/admin/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Outgoing webhooks',
        response: { 200: z.object({ items: z.array(webhook) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await webhooks.listWebhooks(ctx, viewerOf(request)) }),
  );

  app.post(
    '/api/v1/admin/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Register a webhook (the answer carries its signing secret, once)',
        body: createWebhookBody,
        response: { 201: createdWebhook, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await webhooks.createWebhook(ctx, viewerOf(request), request.body)),
  );

  app.patch(
    '/api/v1/admin/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change a webhook',
        params: idParam,
        body: updateWebhookBody,
        response: { 200: webhook, ...errorResponses },
      },
    },
    async (request) => webhooks.updateWebhook(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/admin/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Delete a webhook',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await webhooks.deleteWebhook(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'A webhook’s delivery attempts, newest first',
        params: idParam,
        querystring: cursorQuery,
        response: { 200: page(webhookDelivery), ...errorResponses },
      },
    },
    async (request) => webhooks.listDeliveries(ctx, viewerOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/v1/admin/outbox',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Outbox events (e.g. ?state=failed: the dead letters), newest first',
        querystring: outboxQuery,
        response: { 200: page(outboxEvent), ...errorResponses },
      },
    },
    async (request) => listOutbox(ctx, request.query),
  );

  app.post(
    '/api/v1/admin/outbox/:id/retry',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Retry a failed outbox event',
        params: idParam,
        response: { 200: outboxEvent, ...errorResponses },
      },
    },
    async (request) => {
      const event = await retryOutboxEvent(ctx, request.params.id);
      wake();
      return event;
    },
  );
}
