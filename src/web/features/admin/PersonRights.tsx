import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { UserListItem } from '../../../shared/api/users';
import { adminApi, adminKeys, type PersonRight, personRights, usePersonRights } from './queries';

/**
 * The rights of one person in the administration's people list: "Reviews ideas" (the company
 * ideas board), "Social media desk" and "Team lead: staff without e-mail", each a checkbox.
 * Administrators have all of them anyway (shown checked, not changeable). `onChanged` reports what happened (a sentence) or an error.
 */
export function PersonRightsCell({
  person,
  onChanged,
}: {
  person: UserListItem;
  onChanged: (message: string | null, error: unknown) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rights = usePersonRights();
  const change = useMutation({
    mutationFn: ({ right, on }: { right: PersonRight; on: boolean }) =>
      adminApi.setRight(person.id, right, on),
    onMutate: () => onChanged(null, null),
    onSuccess: (_answer, { right, on }) => {
      onChanged(t(`adminRights.${on ? 'granted' : 'revoked'}.${right}`, { name: person.name }), null);
      return queryClient.invalidateQueries({ queryKey: adminKeys.rights });
    },
    onError: (error) => onChanged(null, error),
  });
  const isAdmin = person.role === 'admin';
  return (
    <fieldset className="accounts-rights">
      <legend className="visually-hidden">{t('adminRights.of', { name: person.name })}</legend>
      {personRights.map((right) => {
        const has = isAdmin || (rights.data?.get(right)?.has(person.id) ?? false);
        return (
          <label
            key={right}
            className="checkbox"
            title={isAdmin ? t('adminRights.adminsHaveAll') : undefined}
          >
            <input
              type="checkbox"
              checked={has}
              disabled={isAdmin || !person.active || rights.isPending || change.isPending}
              aria-label={t(`adminRights.toggle.${right}`, { name: person.name })}
              onChange={(event) => change.mutate({ right, on: event.target.checked })}
            />{' '}
            <span aria-hidden="true">{t(`adminRights.${right}`)}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
