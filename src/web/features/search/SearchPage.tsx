import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchTypes } from '../../../shared/api/search';
import { EmptyState, ErrorMessage, RelativeTime, Skeleton } from '../../components/ui';
import { useMySpaces } from '../../lib/queries';
import { searchApi, searchKeys } from './queries';
import { AppLink, HitIcon, hitMeta, Snippet } from './SearchHitView';
import './search.css';

export function SearchPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/app/search' });
  const navigate = useNavigate({ from: '/search' });
  const spaces = useMySpaces();
  const [text, setText] = useState(search.q ?? '');
  const results = useInfiniteQuery({
    queryKey: searchKeys.results(search),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => searchApi.results(search, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    enabled: !!search.q,
  });
  const items = results.data?.pages.flatMap((page) => page.items) ?? [];
  const set = (key: string, value: string | undefined) =>
    void navigate({ search: (prev) => ({ ...prev, [key]: value || undefined }) });

  function submit(event: FormEvent) {
    event.preventDefault();
    set('q', text.trim());
  }

  return (
    <div className="page">
      <h1 className="page-title">{t('search.title')}</h1>
      <form className="card search-form" onSubmit={submit}>
        <div className="search-row">
          <label htmlFor="search-q" className="visually-hidden">
            {t('search.label')}
          </label>
          <input
            id="search-q"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('search.placeholder')}
          />
          <button type="submit" className="button button-primary">
            {t('common.search')}
          </button>
        </div>
        <p className="field-hint">{t('search.syntaxHint')}</p>
        <div className="filters">
          <div className="field">
            <label htmlFor="search-type">{t('search.type')}</label>
            <select
              id="search-type"
              value={search.type ?? ''}
              onChange={(event) => set('type', event.target.value)}
            >
              <option value="">{t('search.allTypes')}</option>
              {searchTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`search.types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-space">{t('search.space')}</label>
            <select
              id="search-space"
              value={search.spaceId ?? ''}
              onChange={(event) => set('spaceId', event.target.value)}
            >
              <option value="">{t('search.allSpaces')}</option>
              {spaces.data?.items.map((space) => (
                <option key={space.id} value={space.id}>
                  {space.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-from">{t('search.from')}</label>
            <input
              id="search-from"
              type="date"
              value={search.from ?? ''}
              onChange={(event) => set('from', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="search-to">{t('search.to')}</label>
            <input
              id="search-to"
              type="date"
              value={search.to ?? ''}
              onChange={(event) => set('to', event.target.value)}
            />
          </div>
        </div>
        {search.authorId && (
          <p>
            {t('search.byAuthor')}{' '}
            <button type="button" className="link-button" onClick={() => set('authorId', undefined)}>
              {t('search.removeFilter')}
            </button>
          </p>
        )}
      </form>
      <ErrorMessage error={results.error} />
      {!search.q ? null : results.isPending ? (
        <Skeleton lines={5} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('search.none', { q: search.q })}>
            <p>{t('search.noneHint')}</p>
          </EmptyState>
        </div>
      ) : (
        <ul className="card search-results">
          {items.map((hit) => (
            <li key={`${hit.type}-${hit.id}`}>
              <HitIcon hit={hit} size={40} />
              <div className="search-result-text">
                <AppLink href={hit.url} className="search-result-title">
                  {hit.title}
                </AppLink>
                {hit.snippet && (
                  <p>
                    <Snippet html={hit.snippet} />
                  </p>
                )}
                <p className="muted search-result-meta">
                  {t(`search.types.${hit.type}`)}
                  {hitMeta(t, hit) && <> · {hitMeta(t, hit)}</>}
                  {hit.createdAt && (
                    <>
                      {' '}
                      · <RelativeTime iso={hit.createdAt} />
                    </>
                  )}
                  {hit.avatar && hit.type !== 'person' && (
                    <>
                      {' '}
                      ·{' '}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => set('authorId', String(hit.avatar!.id))}
                      >
                        {t('search.moreByAuthor', { name: hit.avatar.name })}
                      </button>
                    </>
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {results.hasNextPage && (
        <button type="button" className="button button-block" onClick={() => results.fetchNextPage()}>
          {t('people.more')}
        </button>
      )}
    </div>
  );
}
