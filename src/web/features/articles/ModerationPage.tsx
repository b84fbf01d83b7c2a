import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorMessage, RelativeTime, Skeleton } from '../../components/ui';
import { FediverseCard } from '../fediverse/FediverseCard';
import { articleKeys, articlesApi } from './queries';
import '../stream/stream.css';
import './articles.css';

const states = ['pending', 'approved', 'spam', 'rejected'] as const;
type State = (typeof states)[number];

/** The newsroom's moderation queue: guest comments wait here unless an article allows them directly. */
export function ModerationPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>('pending');
  const list = useQuery({
    queryKey: articleKeys.moderation(state),
    queryFn: () => articlesApi.guestComments(state),
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'approve' | 'reject' | 'spam' }) =>
      articlesApi.moderateGuestComment(id, action),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: articleKeys.moderationAll }),
  });

  return (
    <div className="page">
      <h1 className="page-title">{t('articles.moderation')}</h1>
      <FediverseCard />
      <div className="tabs" role="tablist" aria-label={t('articles.moderationStates')}>
        {states.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={value === state}
            onClick={() => setState(value)}
          >
            {t(`articles.guestState.${value}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={list.error ?? act.error} />
      {list.isPending ? (
        <Skeleton lines={4} />
      ) : list.data?.items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('articles.noGuestComments')} />
        </div>
      ) : (
        <ul className="moderation-list">
          {list.data?.items.map((comment) => (
            <li key={comment.id} className="card">
              <p className="muted">
                <strong>{comment.name}</strong>
                {comment.email && <> · {comment.email}</>}
                {comment.website && <> · {comment.website}</>} · <RelativeTime iso={comment.createdAt} />
              </p>
              <p className="muted">
                {t('articles.onArticle')}{' '}
                <Link to="/articles/$id" params={{ id: String(comment.articleId) }}>
                  {comment.articleTitle}
                </Link>
              </p>
              <p className="guest-comment-body">{comment.body}</p>
              <div className="form-actions">
                {comment.state !== 'approved' && (
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => act.mutate({ id: comment.id, action: 'approve' })}
                  >
                    {t('articles.approve')}
                  </button>
                )}
                {comment.state !== 'rejected' && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => act.mutate({ id: comment.id, action: 'reject' })}
                  >
                    {t('articles.reject')}
                  </button>
                )}
                {comment.state !== 'spam' && (
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => act.mutate({ id: comment.id, action: 'spam' })}
                  >
                    {t('articles.markSpam')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
