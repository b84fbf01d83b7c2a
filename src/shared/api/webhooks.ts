import { z } from 'zod';

/** The event types a webhook can subscribe to; `*` means all of them. */
export const webhookEventTypes = [
  'content.created',
  'content.updated',
  'content.deleted',
  'comment.created',
  'reaction.added',
  'article.published',
  'user.created',
  'user.deactivated',
  'space.created',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const eventChoice = z.enum([...webhookEventTypes, '*']);

export const createWebhookBody = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  events: z.array(eventChoice).min(1, 'choose at least one event').max(20),
  description: z.string().trim().max(200).optional(),
});

export const updateWebhookBody = z.strictObject({
  url: z.string().trim().min(1).max(2000).optional(),
  events: z.array(eventChoice).min(1, 'choose at least one event').max(20).optional(),
  description: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
});

export const webhookDelivery = z.object({
  id: z.number(),
  eventId: z.number(),
  eventType: z.string(),
  attempt: z.number(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhook = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  lastDelivery: webhookDelivery.nullable(),
});
export type Webhook = z.infer<typeof webhook>;

/** Only the answer to creating a webhook carries its signing secret. */
export const createdWebhook = webhook.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhook>;

export const outboxStates = ['pending', 'done', 'failed'] as const;

export const outboxQuery = z.strictObject({
  state: z.enum(outboxStates).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const outboxEvent = z.object({
  id: z.number(),
  type: z.string(),
  state: z.enum(outboxStates),
  attempts: z.number(),
  doneHandlers: z.array(z.string()),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  availableAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type OutboxEvent = z.infer<typeof outboxEvent>;

export const cursorQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
