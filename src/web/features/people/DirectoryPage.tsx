import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { MapPin } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import { peopleApi, peopleKeys } from './queries';
import './people.css';

export function DirectoryPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/app/people' });
  const navigate = useNavigate({ from: '/people' });
  const [text, setText] = useState(search.q ?? '');

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((search.q ?? '') !== text)
        void navigate({ search: (prev) => ({ ...prev, q: text || undefined }), replace: true });
    }, 200);
    return () => clearTimeout(timer);
  }, [text, search.q, navigate]);

  const facets = useQuery({
    queryKey: peopleKeys.facets,
    queryFn: () => peopleApi.facets(),
  });
  const filters = { q: search.q, department: search.department, location: search.location };
  const people = useInfiniteQuery({
    queryKey: peopleKeys.directory(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => peopleApi.directory(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = people.data?.pages.flatMap((page) => page.items) ?? [];

  const setFilter = (key: 'department' | 'location') => (value: string) =>
    void navigate({ search: (prev) => ({ ...prev, [key]: value || undefined }) });

  return (
    <div className="page">
      <h1 className="page-title">{t('people.title')}</h1>
      <p>
        <Link to="/org-chart" search={{}}>
          {t('orgChart.open')}
        </Link>
      </p>
      <div className="filters">
        <div className="field field-grow">
          <label htmlFor="people-q">{t('people.searchLabel')}</label>
          <input
            id="people-q"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('people.searchPlaceholder')}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="people-department">{t('fields.department')}</label>
          <select
            id="people-department"
            value={search.department ?? ''}
            onChange={(event) => setFilter('department')(event.target.value)}
          >
            <option value="">{t('people.all')}</option>
            {facets.data?.departments.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-location">{t('fields.location')}</label>
          <select
            id="people-location"
            value={search.location ?? ''}
            onChange={(event) => setFilter('location')(event.target.value)}
          >
            <option value="">{t('people.all')}</option>
            {facets.data?.locations.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={people.error} />
      {people.isPending ? (
        <Skeleton lines={6} />
      ) : items.length === 0 ? (
        <EmptyState title={t('people.none')}>
          <p>{t('people.noneHint')}</p>
        </EmptyState>
      ) : (
        <ul className="people-list" aria-live="polite">
          {items.map((person) => (
            <li key={person.id}>
              <Link to="/people/$id" params={{ id: String(person.id) }} className="person-card">
                <Avatar person={person} size={56} />
                <span className="person-card-text">
                  <strong>{person.name}</strong>
                  <span>{person.title}</span>
                  <small>
                    {person.department}
                    {person.location && (
                      <>
                        {' · '}
                        <MapPin size={12} aria-hidden="true" /> {person.location}
                      </>
                    )}
                  </small>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {people.hasNextPage && (
        <button
          type="button"
          className="button button-block"
          onClick={() => people.fetchNextPage()}
          disabled={people.isFetchingNextPage}
        >
          {people.isFetchingNextPage ? t('common.loading') : t('people.more')}
        </button>
      )}
    </div>
  );
}
