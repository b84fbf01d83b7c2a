import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserListItem } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage } from '../../components/ui';
import { api } from '../../lib/api';
import { queryKeys, useMe } from '../../lib/queries';

export function PeopleAdminSection() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'active' | 'deactivated'>('active');
  const people = useQuery({
    queryKey: queryKeys.users({ q, status, purpose: 'admin' }),
    queryFn: () =>
      api<{ items: UserListItem[] }>(
        'GET',
        `/api/v1/users?limit=50&status=${status}&q=${encodeURIComponent(q)}`,
      ),
    placeholderData: (previous) => previous,
  });
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: number; role: UserListItem['role'] }) =>
      api('PATCH', `/api/v1/users/${id}`, { role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const change = useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'deactivate' | 'reactivate' }) =>
      api('POST', `/api/v1/users/${id}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  return (
    <section className="card" aria-labelledby="admin-people">
      <h2 id="admin-people">{t('admin.peopleTitle')}</h2>
      <div className="inline-form">
        <div className="field field-grow">
          <label htmlFor="admin-people-q">{t('people.searchLabel')}</label>
          <input id="admin-people-q" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="admin-people-status">{t('admin.status')}</label>
          <select
            id="admin-people-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as 'active' | 'deactivated')}
          >
            <option value="active">{t('admin.statusActive')}</option>
            <option value="deactivated">{t('admin.statusDeactivated')}</option>
          </select>
        </div>
      </div>
      <ErrorMessage error={people.error ?? change.error ?? setRole.error} />
      <ul className="row-list">
        {people.data?.items.map((person) => (
          <li key={person.id}>
            <Link to="/people/$id" params={{ id: String(person.id) }} className="person-chip">
              <Avatar person={person} size={36} />
              <span>
                <strong>{person.name}</strong>
                <small>{person.email}</small>
              </span>
            </Link>
            {person.id !== me.id && person.active && (
              <select
                aria-label={t('admin.roleOf', { name: person.name })}
                value={person.role}
                onChange={(event) =>
                  setRole.mutate({ id: person.id, role: event.target.value as UserListItem['role'] })
                }
              >
                <option value="member">{t('roles.member')}</option>
                <option value="editor">{t('roles.editor')}</option>
                <option value="admin">{t('roles.admin')}</option>
              </select>
            )}
            {person.id !== me.id &&
              (person.active ? (
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => change.mutate({ id: person.id, action: 'deactivate' })}
                >
                  {t('admin.deactivate')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={() => change.mutate({ id: person.id, action: 'reactivate' })}
                >
                  {t('admin.reactivate')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
