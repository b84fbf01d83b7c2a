import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type NotificationType, notificationTypes } from '../../../shared/api/notifications';
import { ErrorMessage, Skeleton } from '../../components/ui';
import { notificationKeys, notificationsApi } from '../notifications/queries';
import './settings.css';

export function NotificationSettingsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: notificationKeys.settings,
    queryFn: () => notificationsApi.settings(),
  });
  const save = useMutation({
    mutationFn: (types: Partial<Record<NotificationType, boolean>>) =>
      notificationsApi.updateSettings({ types }),
    onSuccess: (updated) => queryClient.setQueryData(notificationKeys.settings, updated),
  });
  return (
    <section className="card" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">{t('notifications.settingsTitle')}</h2>
      <p>{t('notifications.settingsText')}</p>
      {settings.isPending ? (
        <Skeleton />
      ) : (
        <ul className="toggle-list">
          {notificationTypes.map((type) => (
            <li key={type}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={settings.data?.types[type] ?? true}
                  onChange={(event) => save.mutate({ [type]: event.target.checked })}
                />
                <span>{t(`notifications.settingTypes.${type}`)}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={settings.error ?? save.error} />
    </section>
  );
}
