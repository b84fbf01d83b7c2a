import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Search } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserListItem } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { EmptyState, Skeleton } from '../../components/ui';
import { api } from '../../lib/api';
import { queryKeys, useMe } from '../../lib/queries';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const team = useQuery({
    queryKey: queryKeys.users({ department: me.department }),
    queryFn: () =>
      api<{ items: UserListItem[] }>(
        'GET',
        `/api/v1/users?limit=12&department=${encodeURIComponent(me.department)}`,
      ),
    enabled: me.department !== '',
  });
  const missing = [
    !me.avatarUrl && 'avatar',
    !me.title && 'title',
    !me.department && 'department',
    !me.about && 'about',
  ].filter(Boolean) as string[];

  function search(event: FormEvent) {
    event.preventDefault();
    void navigate({ to: '/people', search: { q: query || undefined } });
  }

  return (
    <div className="page">
      <h1 className="page-title">{t('home.greeting', { name: me.name.split(' ')[0] })}</h1>
      {missing.length > 0 && (
        <section className="card card-highlight" aria-labelledby="complete-profile">
          <h2 id="complete-profile">{t('home.completeTitle')}</h2>
          <p>{t('home.completeText')}</p>
          <ul className="chips">
            {missing.map((item) => (
              <li key={item} className="chip">
                {t(`home.missing.${item}`)}
              </li>
            ))}
          </ul>
          <Link to="/settings" className="button button-primary">
            {t('home.completeAction')}
          </Link>
        </section>
      )}
      <section className="card" aria-labelledby="find-people">
        <h2 id="find-people">{t('home.findTitle')}</h2>
        <form className="search-row" onSubmit={search}>
          <label htmlFor="home-search" className="visually-hidden">
            {t('people.searchLabel')}
          </label>
          <input
            id="home-search"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder={t('people.searchPlaceholder')}
          />
          <button type="submit" className="button button-primary">
            <Search size={18} aria-hidden="true" />
            <span>{t('common.search')}</span>
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="my-team">
        <h2 id="my-team">
          {me.department ? t('home.teamTitle', { department: me.department }) : t('home.teamTitleNone')}
        </h2>
        {!me.department ? (
          <EmptyState title={t('home.teamEmpty')}>
            <Link to="/settings">{t('home.teamEmptyAction')}</Link>
          </EmptyState>
        ) : team.isPending ? (
          <Skeleton />
        ) : (
          <ul className="person-grid">
            {team.data?.items
              .filter((person) => person.id !== me.id)
              .map((person) => (
                <li key={person.id}>
                  <Link to="/people/$id" params={{ id: String(person.id) }} className="person-chip">
                    <Avatar person={person} size={40} />
                    <span>
                      <strong>{person.name}</strong>
                      <small>{person.title}</small>
                    </span>
                  </Link>
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}
