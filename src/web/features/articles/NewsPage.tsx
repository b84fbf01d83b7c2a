import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { Clock, Globe, Megaphone, Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ArticleState, ArticleSummary } from '../../../shared/api/articles';
import { EmptyState, ErrorMessage, RelativeTime, Skeleton } from '../../components/ui';
import { useMe, useMySpaces } from '../../lib/queries';
import { articleKeys, articlesApi, isEditorRole } from './queries';
import '../stream/stream.css';
import './articles.css';

const states: ArticleState[] = ['published', 'draft', 'scheduled', 'archived'];

function ArticleListCard({ article }: { article: ArticleSummary }) {
  const { t } = useTranslation();
  return (
    <li className="card news-card">
      {article.cover && (
        <Link to="/articles/$id" params={{ id: String(article.id) }} tabIndex={-1} aria-hidden="true">
          <img
            src={article.cover.thumbnailUrl ?? article.cover.url}
            alt=""
            className="news-card-cover"
            loading="lazy"
          />
        </Link>
      )}
      <div className="news-card-text">
        <p className="news-card-flags">
          {article.category && <span className="article-category">{article.category}</span>}
          {article.mustRead && (
            <span className="badge badge-pinned">
              <Megaphone size={12} aria-hidden="true" /> {t('articles.mustRead')}
            </span>
          )}
          {article.isPublic && (
            <span className="badge">
              <Globe size={12} aria-hidden="true" /> {t('articles.public')}
            </span>
          )}
        </p>
        <h2 className="news-card-title">
          <Link to="/articles/$id" params={{ id: String(article.id) }}>
            {article.title}
          </Link>
        </h2>
        {article.teaser && <p>{article.teaser}</p>}
        <p className="muted">
          {article.author.name}
          {' · '}
          {article.state === 'scheduled' && article.scheduledAt ? (
            t('articles.scheduledFor', { date: new Date(article.scheduledAt).toLocaleString() })
          ) : (
            <RelativeTime iso={article.publishedAt ?? article.createdAt} />
          )}
          {' · '}
          <Clock size={12} aria-hidden="true" />{' '}
          {t('articles.readingTime', { count: article.readingMinutes })}
        </p>
      </div>
    </li>
  );
}

/** The news page inside the intranet: the latest articles with covers, by category; editors also see their drafts. */
export function NewsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const search = useSearch({ from: '/app/articles' });
  const navigate = useNavigate({ from: '/articles' });
  const state = (search.state ?? 'published') as ArticleState;
  const editor = isEditorRole(me.role);
  const spaces = useMySpaces();
  // Space admins write articles in their spaces without being editors.
  const writer = editor || (spaces.data?.items.some((space) => space.permissions.manage) ?? false);
  const categories = useQuery({
    queryKey: articleKeys.categories,
    queryFn: articlesApi.categories,
  });
  const filters = { state, category: search.category ?? '' };
  const list = useInfiniteQuery({
    queryKey: articleKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => articlesApi.list(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <div className="page-heading">
        <h1 className="page-title">{t('articles.title')}</h1>
        <div className="page-actions">
          {editor && (
            <Link to="/articles/moderation" className="button">
              {t('articles.moderation')}
            </Link>
          )}
          {writer && (
            <Link to="/articles/new" className="button button-primary">
              <Plus size={18} aria-hidden="true" /> {t('articles.new')}
            </Link>
          )}
        </div>
      </div>
      {writer && (
        <nav className="tabs" aria-label={t('articles.states')}>
          {states.map((value) => (
            <Link
              key={value}
              to="/articles"
              search={{ state: value === 'published' ? undefined : value, category: search.category }}
              className="tab"
              // Exact, search included: otherwise the first tab (no search) counts as active on every tab.
              activeOptions={{ exact: true, includeSearch: true }}
              aria-current={value === state ? 'page' : undefined}
            >
              {t(`articles.state.${value}`)}
            </Link>
          ))}
        </nav>
      )}
      {(categories.data?.items.length ?? 0) > 0 && (
        <div className="field field-inline">
          <label htmlFor="news-category">{t('articles.category')}</label>
          <select
            id="news-category"
            value={search.category ?? ''}
            onChange={(event) =>
              void navigate({ search: { ...search, category: event.target.value || undefined } })
            }
          >
            <option value="">{t('articles.allCategories')}</option>
            {categories.data?.items.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </div>
      )}
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Skeleton lines={6} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={t(state === 'published' ? 'articles.empty' : 'articles.emptyState')}>
            {editor && state === 'published' && <p>{t('articles.emptyHint')}</p>}
          </EmptyState>
        </div>
      ) : (
        <ul className="news-list">
          {items.map((article) => (
            <ArticleListCard key={article.id} article={article} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {t('stream.more')}
        </button>
      )}
    </div>
  );
}
