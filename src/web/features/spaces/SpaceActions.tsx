import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../../shared/api/spaces';
import { ErrorMessage } from '../../components/ui';
import { useMe } from '../../lib/queries';
import '../stream/stream.css';
import { spaceKeys, spacesApi } from './queries';
import './spaces.css';

/** Join / request / accept / leave, whichever the viewer may do. */
export function SpaceMembershipButton({ space }: { space: Space }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const onChanged = (updated?: Space) => {
    if (updated) queryClient.setQueryData(spaceKeys.one(space.id), updated);
    void queryClient.invalidateQueries({ queryKey: spaceKeys.lists });
    void queryClient.invalidateQueries({ queryKey: spaceKeys.one(space.id) });
    void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
  };
  const join = useMutation({
    mutationFn: () => spacesApi.join(space.id),
    onSuccess: onChanged,
  });
  const leave = useMutation({
    mutationFn: () => spacesApi.removeMember(space.id, me.id),
    onSuccess: () => onChanged(),
  });
  const error = join.error ?? leave.error;
  let button = null;
  if (space.permissions.join === 'join')
    button = (
      <button type="button" className="button button-primary" onClick={() => join.mutate()}>
        {t('spaces.join')}
      </button>
    );
  else if (space.permissions.join === 'request')
    button = (
      <button type="button" className="button button-primary" onClick={() => join.mutate()}>
        {t('spaces.request')}
      </button>
    );
  else if (space.permissions.join === 'accept')
    button = (
      <button type="button" className="button button-primary" onClick={() => join.mutate()}>
        {t('spaces.accept')}
      </button>
    );
  else if (space.membership?.status === 'requested')
    button = <span className="badge">{t('spaces.requested')}</span>;
  else if (space.permissions.leave)
    button = (
      <button
        type="button"
        className="button"
        onClick={() => {
          if (window.confirm(t('spaces.confirmLeave'))) leave.mutate();
        }}
      >
        {t('spaces.leave')}
      </button>
    );
  return (
    <div className="space-membership">
      {button}
      <ErrorMessage error={error} />
    </div>
  );
}
