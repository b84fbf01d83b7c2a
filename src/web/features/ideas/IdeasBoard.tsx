import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IdeaItem, type IdeaStatus, ideaStatuses } from '../../../shared/api/ideas';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import { PostCard } from '../stream/PostCard';
import { IdeaForm } from './IdeaForm';
import { IdeaTeaser } from './IdeaTeaser';
import { useIdeasBoard } from './queries';
import './ideas.css';

/**
 * A board of ideas (a space's, or the company's without `spaceId`): as columns by status or as a
 * list, sorted by votes or newest, filtered by status, with the form to submit one.
 */
export function IdeasBoard({ spaceId, canSubmit }: { spaceId?: number; canSubmit: boolean }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'board' | 'list'>('list');
  const [sort, setSort] = useState<'votes' | 'new'>('votes');
  const [status, setStatus] = useState<IdeaStatus | ''>('');
  const [writing, setWriting] = useState(false);
  const ideas = useIdeasBoard({ spaceId, sort, status });
  const items = (ideas.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (item): item is IdeaItem => item.kind === 'idea',
  );

  return (
    <section aria-label={t('ideas.board')}>
      <div className="ideas-toolbar">
        <div className="tabs" role="tablist" aria-label={t('ideas.view')}>
          {(['list', 'board'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={view === value}
              onClick={() => setView(value)}
            >
              {t(`ideas.views.${value}`)}
            </button>
          ))}
        </div>
        <label>
          {t('ideas.sort')}
          <select value={sort} onChange={(event) => setSort(event.target.value as 'votes' | 'new')}>
            <option value="votes">{t('ideas.sorts.votes')}</option>
            <option value="new">{t('ideas.sorts.new')}</option>
          </select>
        </label>
        <label>
          {t('ideas.filterStatus')}
          <select value={status} onChange={(event) => setStatus(event.target.value as IdeaStatus | '')}>
            <option value="">{t('ideas.allStatuses')}</option>
            {ideaStatuses.map((value) => (
              <option key={value} value={value}>
                {t(`ideas.statuses.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {canSubmit && (
          <button type="button" className="button button-primary" onClick={() => setWriting(!writing)}>
            {writing ? t('ideas.closeForm') : t('ideas.new')}
          </button>
        )}
      </div>
      {writing && (
        <IdeaForm
          spaceId={spaceId}
          onCreated={() => {
            setWriting(false);
            void ideas.refetch();
          }}
        />
      )}
      {ideas.isPending ? (
        <Skeleton lines={6} />
      ) : ideas.isError ? (
        <ErrorMessage error={ideas.error} />
      ) : items.length === 0 ? (
        <EmptyState title={t('ideas.empty')}>
          <p>{canSubmit ? t('ideas.emptyHint') : ''}</p>
        </EmptyState>
      ) : view === 'list' ? (
        <div className="ideas-list">
          {items.map((item) => (
            <PostCard key={item.id} item={item} />
          ))}
        </div>
      ) : (
        <div className="ideas-board">
          {ideaStatuses
            .filter((value) => !status || value === status)
            .map((value) => (
              <section key={value} className="ideas-column" aria-label={t(`ideas.statuses.${value}`)}>
                <h2>
                  {t(`ideas.statuses.${value}`)} ({items.filter((item) => item.idea.status === value).length})
                </h2>
                {items
                  .filter((item) => item.idea.status === value)
                  .map((item) => (
                    <div key={item.id} className="card">
                      <IdeaTeaser item={item} compact />
                    </div>
                  ))}
              </section>
            ))}
        </div>
      )}
      {ideas.hasNextPage && (
        <button type="button" className="button" onClick={() => void ideas.fetchNextPage()}>
          {t('ideas.more')}
        </button>
      )}
    </section>
  );
}
