import { z } from 'zod';
import {
  markReadBody,
  notificationPage,
  notificationSettings,
  notificationsQuery,
  updateNotificationSettingsBody,
} from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as notifications from './notifications.service.js';

const tags = ['notifications'];

export function notificationsRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: notificationsQuery,
        response: { 200: notificationPage, ...errorResponses },
      },
    },
    (request) =>
      notifications.listNotifications(ctx, viewerOf(request), request.query.cursor, request.query.limit),
  );

  app.post(
    '/api/v1/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark some (`ids`) or all (`all: true`) as read',
        body: markReadBody,
        response: { 200: z.object({ unreadCount: z.number() }), ...errorResponses },
      },
    },
    (request) =>
      notifications.markRead(ctx, viewerOf(request), request.body.all ? 'all' : (request.body.ids ?? [])),
  );

  app.get(
    '/api/v1/notification-settings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Which notifications I get; muted spaces and threads',
        response: { 200: notificationSettings, ...errorResponses },
      },
    },
    (request) => notifications.getSettings(ctx, viewerOf(request)),
  );

  app.put(
    '/api/v1/notification-settings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change notification settings and mutes',
        body: updateNotificationSettingsBody,
        response: { 200: notificationSettings, ...errorResponses },
      },
    },
    (request) => notifications.updateSettings(ctx, viewerOf(request), request.body),
  );
}
