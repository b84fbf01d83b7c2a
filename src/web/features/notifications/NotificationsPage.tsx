import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../shared/api/notifications';
import { Avatar } from '../../components/Avatar';
import { EmptyState, ErrorMessage, RelativeTime, Skeleton } from '../../components/ui';
import { notificationKeys, notificationsApi } from './queries';
import '../stream/stream.css';
import './notifications.css';

export function notificationText(t: TFunction, n: Notification): string {
  const name = n.actor?.name ?? t('notifications.someone');
  if (n.type === 'reaction' && n.actorCount > 1)
    return t('notifications.reactionGrouped', { name, count: n.actorCount - 1 });
  // A content kind may word a notification its own way (kinds.<kind>.notifications.<type>).
  return t([`kinds.${n.contentKind}.notifications.${n.type}`, `notifications.types.${n.type}`], {
    name,
    space: n.space?.name ?? '',
  });
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: notificationKeys.list,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => notificationsApi.page(pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });
  const markRead = useMutation({
    mutationFn: (which: { ids?: number[]; all?: true }) => notificationsApi.markRead(which),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unread, result.unreadCount);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
    },
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;

  function open(n: Notification) {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    if (n.url) void navigate({ to: n.url });
  }

  return (
    <div className="page">
      <div className="page-heading">
        <h1 className="page-title">{t('notifications.title')}</h1>
        {unread > 0 && (
          <button type="button" className="button" onClick={() => markRead.mutate({ all: true })}>
            {t('notifications.markAll')}
          </button>
        )}
      </div>
      <ErrorMessage error={list.error ?? markRead.error} />
      {list.isPending ? (
        <Skeleton lines={5} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('notifications.none')}>
            <p>{t('notifications.noneHint')}</p>
          </EmptyState>
        </div>
      ) : (
        <ul className="notification-list card">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'notification' : 'notification notification-unread'}>
              <button type="button" onClick={() => open(n)}>
                {n.actor ? <Avatar person={n.actor} size={40} /> : <span className="avatar-placeholder" />}
                <span className="notification-text">
                  <span>{notificationText(t, n)}</span>
                  {n.excerpt && <span className="muted notification-excerpt">„{n.excerpt}“</span>}
                  <small className="muted">
                    <RelativeTime iso={n.updatedAt} />
                    {!n.read && (
                      <>
                        {' '}
                        · <strong>{t('notifications.unread')}</strong>
                      </>
                    )}
                  </small>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button button-block" onClick={() => list.fetchNextPage()}>
          {t('people.more')}
        </button>
      )}
    </div>
  );
}
