import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Bell, BellOff } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedItem } from '../../../shared/api/stream';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage } from '../../components/ui';
import { notificationKeys, notificationsApi } from '../notifications/queries';
import { streamApi, streamKeys } from './queries';
import { reactionEmoji } from './Reactions';
import './stream.css';

/** "12 reactions" that opens who reacted how. */
export function WhoReacted({ item }: { item: FeedItem }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: streamKeys.reactors(item.id, item.reactions.total),
    queryFn: () => streamApi.reactors(item.id),
    enabled: open,
  });
  if (item.reactions.total === 0) return null;
  return (
    <div className="who-reacted">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('stream.reactionCount', { count: item.reactions.total })}
      </button>
      {open && (
        <ul className="who-reacted-list">
          {list.data?.items.map((entry) => (
            <li key={entry.user.id}>
              <Avatar person={entry.user} size={24} />
              <Link to="/people/$id" params={{ id: String(entry.user.id) }}>
                {entry.user.name}
              </Link>
              <span title={t(`reactions.${entry.type}`)}>
                <span aria-hidden="true">{reactionEmoji[entry.type]}</span>
                <span className="visually-hidden">{t(`reactions.${entry.type}`)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Mute or unmute notifications about one post's thread. */
export function MuteThread({ contentId }: { contentId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: notificationKeys.settings,
    queryFn: () => notificationsApi.settings(),
  });
  const muted = settings.data?.mutedContentIds.includes(contentId) ?? false;
  const toggle = useMutation({
    mutationFn: () =>
      notificationsApi.updateSettings({
        mutedContentIds: muted
          ? (settings.data?.mutedContentIds ?? []).filter((id) => id !== contentId)
          : [...(settings.data?.mutedContentIds ?? []), contentId],
      }),
    onSuccess: (updated) => queryClient.setQueryData(notificationKeys.settings, updated),
  });
  if (!settings.data) return null;
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-pressed={muted}
        onClick={() => toggle.mutate()}
        title={muted ? t('stream.unmuteThread') : t('stream.muteThread')}
      >
        {muted ? <BellOff size={14} aria-hidden="true" /> : <Bell size={14} aria-hidden="true" />}{' '}
        {muted ? t('stream.unmuteThread') : t('stream.muteThread')}
      </button>
      <ErrorMessage error={toggle.error} />
    </>
  );
}
