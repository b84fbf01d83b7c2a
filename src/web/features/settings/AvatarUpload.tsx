import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { peopleKeys } from '../people/queries';
import { settingsApi } from './queries';

export function AvatarUpload({ me }: { me: Me }) {
  const { t } = useTranslation();
  const inputId = useId();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const onDone = (updated: Me) => {
    queryClient.setQueryData(queryKeys.me, updated);
    void queryClient.invalidateQueries({ queryKey: peopleKeys.all });
    void queryClient.invalidateQueries({ queryKey: peopleKeys.one(updated.id) });
    setProgress(null);
  };
  const send = useMutation({
    mutationFn: (file: File) => settingsApi.setAvatar(file, setProgress),
    onSuccess: onDone,
    onError: () => setProgress(null),
  });
  const remove = useMutation({ mutationFn: () => settingsApi.removeAvatar(), onSuccess: onDone });

  return (
    <div className="avatar-upload">
      <Avatar person={me} size={96} />
      <div>
        <label htmlFor={inputId} className="button">
          {t('settings.avatarChoose')}
        </label>
        <input
          id={inputId}
          type="file"
          accept="image/*"
          className="visually-hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) send.mutate(file);
            event.target.value = '';
          }}
        />
        {me.avatarUrl && (
          <button type="button" className="link-button" onClick={() => remove.mutate()}>
            {t('settings.avatarRemove')}
          </button>
        )}
        <p className="field-hint">{t('settings.avatarHint')}</p>
        {progress !== null && (
          <progress
            className="upload-progress"
            value={progress}
            max={1}
            aria-label={t('settings.avatarUploading')}
          >
            {Math.round(progress * 100)}%
          </progress>
        )}
        <ErrorMessage error={send.error ?? remove.error} />
      </div>
    </div>
  );
}
