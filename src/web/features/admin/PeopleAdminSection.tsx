import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserListItem } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorMessage, Notice, Skeleton } from '../../components/ui';
import { withPageTexts } from '../../i18n/pageTexts';
import { useMe } from '../../lib/queries';
import { PersonRightsCell } from './PersonRights';
import { type AccountStatus, adminApi, adminKeys, useAccounts } from './queries';
import de from './rights.de.json';
import en from './rights.en.json';
import './accounts.css';

type Role = UserListItem['role'];
type StatusChange = { person: UserListItem; action: 'deactivate' | 'reactivate' };

/**
 * Accounts as a searchable table, a page of 25 at a time: name, e-mail, role, the rights an
 * administrator gives per person (reviewing ideas, the social media desk), status and actions.
 * Deactivating asks first; every change says what happened.
 */
export function PeopleAdminSection() {
  const { t, i18n } = useTranslation();
  // The texts of the rights come with the administration (i18n/pageTexts.ts), not with the first download.
  withPageTexts({ de, en }, i18n.language);
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<AccountStatus>('active');
  const [confirming, setConfirming] = useState<StatusChange | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [rightsError, setRightsError] = useState<unknown>(null);
  const rightChanged = useCallback((text: string | null, error: unknown) => {
    setMessage(text);
    setRightsError(error);
  }, []);
  const accounts = useAccounts({ q, status });
  const items = accounts.data?.pages.flatMap((page) => page.items) ?? [];

  const setRole = useMutation({
    mutationFn: ({ person, role }: { person: UserListItem; role: Role }) => adminApi.setRole(person.id, role),
    onMutate: () => setMessage(null),
    onSuccess: (_result, { person, role }) => {
      setMessage(t('adminAccounts.roleChanged', { name: person.name, role: t(`roles.${role}`) }));
      return queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
    },
  });
  const change = useMutation({
    mutationFn: ({ person, action }: StatusChange) =>
      action === 'deactivate' ? adminApi.deactivate(person.id) : adminApi.reactivate(person.id),
    onMutate: () => setMessage(null),
    onSuccess: (_result, { person, action }) => {
      setConfirming(null);
      setMessage(
        t(action === 'deactivate' ? 'adminAccounts.deactivated' : 'adminAccounts.reactivated', {
          name: person.name,
        }),
      );
      return queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
    },
  });

  return (
    <section className="card" aria-labelledby="admin-people">
      <h2 id="admin-people">{t('admin.peopleTitle')}</h2>
      <div className="inline-form">
        <div className="field field-grow">
          <label htmlFor="admin-people-q">{t('adminAccounts.search')}</label>
          <input id="admin-people-q" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="admin-people-status">{t('admin.status')}</label>
          <select
            id="admin-people-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as AccountStatus)}
          >
            <option value="active">{t('admin.statusActive')}</option>
            <option value="deactivated">{t('admin.statusDeactivated')}</option>
            <option value="all">{t('adminAccounts.statusAll')}</option>
          </select>
        </div>
      </div>
      {message && <Notice tone="success">{message}</Notice>}
      <ErrorMessage
        error={accounts.error ?? setRole.error ?? rightsError ?? (confirming ? null : change.error)}
      />
      {accounts.isPending ? (
        <Skeleton lines={6} />
      ) : items.length === 0 ? (
        <EmptyState title={t('adminAccounts.none')} />
      ) : (
        <div className="accounts-scroll">
          <table className="accounts-table">
            <thead>
              <tr>
                <th scope="col">{t('adminAccounts.name')}</th>
                <th scope="col">{t('adminAccounts.email')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('adminRights.title')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('adminAccounts.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((person) => (
                <tr key={person.id}>
                  <th scope="row" className="accounts-name">
                    <Link to="/people/$id" params={{ id: String(person.id) }} className="person-chip">
                      <Avatar person={person} size={28} />
                      <span>{person.name}</span>
                    </Link>
                  </th>
                  <td className="accounts-email">{person.email}</td>
                  <td>
                    {person.id !== me.id && person.active ? (
                      <select
                        aria-label={t('admin.roleOf', { name: person.name })}
                        value={person.role}
                        disabled={setRole.isPending}
                        onChange={(event) => setRole.mutate({ person, role: event.target.value as Role })}
                      >
                        <option value="member">{t('roles.member')}</option>
                        <option value="editor">{t('roles.editor')}</option>
                        <option value="admin">{t('roles.admin')}</option>
                      </select>
                    ) : (
                      t(`roles.${person.role}`)
                    )}
                  </td>
                  <td className="accounts-rights-cell">
                    <PersonRightsCell person={person} onChanged={rightChanged} />
                  </td>
                  <td>
                    <span className={person.active ? 'badge badge-active' : 'badge badge-warning'}>
                      {person.active ? t('admin.statusActive') : t('admin.statusDeactivated')}
                    </span>
                  </td>
                  <td className="accounts-actions">
                    {person.id !== me.id && (
                      <button
                        type="button"
                        className={person.active ? 'button button-danger' : 'button'}
                        aria-label={t(
                          person.active ? 'adminAccounts.deactivateNamed' : 'adminAccounts.reactivateNamed',
                          { name: person.name },
                        )}
                        onClick={() =>
                          setConfirming({ person, action: person.active ? 'deactivate' : 'reactivate' })
                        }
                      >
                        {person.active ? t('admin.deactivate') : t('admin.reactivate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {accounts.hasNextPage && (
        <button
          type="button"
          className="button accounts-more"
          disabled={accounts.isFetchingNextPage}
          onClick={() => void accounts.fetchNextPage()}
        >
          {t('adminAccounts.more')}
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t(
            confirming.action === 'deactivate'
              ? 'adminAccounts.confirmDeactivateTitle'
              : 'adminAccounts.confirmReactivateTitle',
            { name: confirming.person.name },
          )}
          text={t(
            confirming.action === 'deactivate'
              ? 'adminAccounts.confirmDeactivateText'
              : 'adminAccounts.confirmReactivateText',
          )}
          confirmLabel={confirming.action === 'deactivate' ? t('admin.deactivate') : t('admin.reactivate')}
          danger={confirming.action === 'deactivate'}
          pending={change.isPending}
          error={change.error}
          onConfirm={() => change.mutate(confirming)}
          onCancel={() => {
            setConfirming(null);
            change.reset();
          }}
        />
      )}
    </section>
  );
}
