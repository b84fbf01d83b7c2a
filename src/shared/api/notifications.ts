import { z } from 'zod';
import { idSchema, text } from './common.js';
import { spaceSummary } from './spaces.js';
import { userSummary } from './users.js';

export const notificationTypes = [
  'mention',
  'comment',
  'reply',
  'reaction',
  'space_invitation',
  'join_request',
  'request_approved',
  'must_read',
  'must_read_reminder',
  'guest_comment',
  'space_made_public',
  'story_update',
  'story_consent_request',
  'story_consent_answer',
  'social_guidelines',
  'survey_reminder',
  'idea_status',
] as const;
export const notificationType = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof notificationType>;

export const notification = z.object({
  id: z.number(),
  type: notificationType,
  actor: userSummary.nullable(),
  /** For grouped reactions: how many people reacted ("Anna and 4 others"). */
  actorCount: z.number(),
  contentId: z.number().nullable(),
  /** The kind of the item it is about (post, article, …): the web words the notification by it. */
  contentKind: z.string().nullable(),
  commentId: z.number().nullable(),
  excerpt: z.string().nullable(),
  /** Where the notification leads in the web app. */
  url: z.string().nullable(),
  space: spaceSummary.nullable(),
  read: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Notification = z.infer<typeof notification>;

export const notificationPage = z.object({
  items: z.array(notification),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
});
export const notificationsQuery = z.strictObject({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const markReadBody = z
  .strictObject({
    ids: z.array(idSchema).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), 'give either ids or all: true');

export const notificationSettings = z.object({
  types: z.record(notificationType, z.boolean()),
  mutedSpaceIds: z.array(z.number()),
  mutedContentIds: z.array(z.number()),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;
export const updateNotificationSettingsBody = z.strictObject({
  types: z.partialRecord(notificationType, z.boolean()).optional(),
  mutedSpaceIds: z.array(idSchema).max(500).optional(),
  mutedContentIds: z.array(idSchema).max(2000).optional(),
});
