import type { z } from 'zod';
import type {
  markReadBody,
  NotificationSettings,
  notificationPage,
  updateNotificationSettingsBody,
} from '../../../shared/api/notifications';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

/** Notifications' API calls and query keys (shared ones: the shell and live updates use them too). */

export const notificationKeys = {
  /** The list; its prefix also covers the unread count. */
  list: queryKeys.notifications,
  unread: queryKeys.unread,
  settings: queryKeys.notificationSettings,
};

type NotificationPage = z.infer<typeof notificationPage>;

export const notificationsApi = {
  page: (cursor: string | null) =>
    api<NotificationPage>(
      'GET',
      `/api/v1/notifications?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  /** The badge's number: the smallest page carries the unread count. */
  unreadCount: async () =>
    (await api<{ unreadCount: number }>('GET', '/api/v1/notifications?limit=1')).unreadCount,
  markRead: (which: z.input<typeof markReadBody>) =>
    api<{ unreadCount: number }>('POST', '/api/v1/notifications/read', which),
  settings: () => api<NotificationSettings>('GET', '/api/v1/notification-settings'),
  /** Changes only the parts given (types, muted spaces, muted threads). */
  updateSettings: (changes: z.input<typeof updateNotificationSettingsBody>) =>
    api<NotificationSettings>('PUT', '/api/v1/notification-settings', changes),
};
