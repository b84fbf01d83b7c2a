import { Link, useParams } from '@tanstack/react-router';
import { Bell, BellOff } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IdeaItem, type IdeaStatus, ideaStatuses } from '../../../shared/api/ideas';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage, formatDate, RelativeTime, Skeleton } from '../../components/ui';
import { Comments } from '../stream/Comments';
import { StatusBadge, VoteButton } from './IdeaTeaser';
import { type IdeaHistory, useIdea, useIdeaAction, useIdeaHistory } from './queries';
import './ideas.css';

/** One idea: its text and picture, votes, following, the status history and comments; reviewers move it on. */
export function IdeaPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/ideas/$id' });
  const contentId = Number(id);
  // The item under the post key: live updates (votes, status) refresh it like any post.
  const item = useIdea(contentId);
  // A status change (also one heard live) brings its history entry along.
  const changedAt = item.data?.kind === 'idea' ? item.data.idea.statusChangedAt : null;
  const history = useIdeaHistory(contentId, changedAt);
  if (item.isPending)
    return (
      <div className="page">
        <Skeleton lines={8} />
      </div>
    );
  if (item.isError || item.data.kind !== 'idea')
    return (
      <div className="page">
        <ErrorMessage error={item.error ?? new Error('not an idea')} />
      </div>
    );
  const data = item.data;
  return (
    <div className="page">
      <article className="card idea-detail">
        <p className="idea-teaser-kicker">
          <Link to="/ideas">{t('ideas.title')}</Link>
          {data.space && (
            <>
              {' · '}
              <Link to="/spaces/$id" params={{ id: String(data.space.id) }} search={{ tab: 'ideas' }}>
                {data.space.name}
              </Link>
            </>
          )}{' '}
          <StatusBadge status={data.idea.status} />
        </p>
        <h1>{data.idea.title}</h1>
        <p className="muted">
          <Avatar person={data.author} size={24} /> {data.author.name} · <RelativeTime iso={data.createdAt} />
        </p>
        {data.idea.pictureUrl && <img className="idea-picture" src={data.idea.pictureUrl} alt="" />}
        <h2>{t('ideas.fieldProblem')}</h2>
        <p className="idea-section-text">{data.idea.problem}</p>
        <h2>{t('ideas.fieldProposal')}</h2>
        <p className="idea-section-text">{data.idea.proposal}</p>
        {data.idea.statusReason && (
          <p className="alert">
            <strong>{t(`ideas.statuses.${data.idea.status}`)}:</strong> {data.idea.statusReason}
            {data.idea.mergedInto && (
              <>
                {' '}
                <Link to="/ideas/$id" params={{ id: String(data.idea.mergedInto) }}>
                  {t('ideas.mergedInto')}
                </Link>
              </>
            )}
          </p>
        )}
        <div className="idea-detail-actions">
          <VoteButton item={data} />
          <FollowButton item={data} />
        </div>
        {data.idea.mayReview && <StatusForm item={data} />}
        <section aria-label={t('ideas.history')}>
          <h2>{t('ideas.history')}</h2>
          {history.isError ? (
            <ErrorMessage error={history.error} />
          ) : (history.data?.history.length ?? 0) === 0 ? (
            <p className="muted">{t('ideas.noHistory')}</p>
          ) : (
            <HistoryList items={history.data?.history ?? []} />
          )}
        </section>
        <Comments item={data} expanded />
      </article>
    </div>
  );
}

function HistoryList({ items }: { items: IdeaHistory['history'] }) {
  const { i18n } = useTranslation();
  return (
    <ol className="idea-history">
      {items.map((change) => (
        <li key={`${change.at}-${change.status}`}>
          <StatusBadge status={change.status} />{' '}
          <span className="muted">{formatDate(change.at, i18n.language, true)}</span>
          {change.actorName && <span className="muted"> · {change.actorName}</span>}
          <p className="idea-section-text">{change.reason}</p>
        </li>
      ))}
    </ol>
  );
}

function FollowButton({ item }: { item: IdeaItem }) {
  const { t } = useTranslation();
  const action = useIdeaAction(item.id);
  const following = item.idea.following;
  return (
    <>
      <button
        type="button"
        className="button"
        aria-pressed={following}
        disabled={action.isPending}
        onClick={() => action.mutate({ kind: 'follow', on: !following })}
      >
        {following ? <BellOff size={16} aria-hidden="true" /> : <Bell size={16} aria-hidden="true" />}{' '}
        {following ? t('ideas.unfollow') : t('ideas.follow')}
      </button>
      <ErrorMessage error={action.error} />
    </>
  );
}

function StatusForm({ item }: { item: IdeaItem }) {
  const { t } = useTranslation();
  const action = useIdeaAction(item.id);
  const [status, setStatus] = useState<IdeaStatus>(item.idea.status === 'new' ? 'review' : item.idea.status);
  const [reason, setReason] = useState('');
  const [mergedInto, setMergedInto] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (action.isPending || reason.trim() === '') return;
    action.mutate(
      {
        kind: 'status',
        status,
        reason,
        mergedInto: status === 'merged' ? Number(mergedInto) || undefined : undefined,
      },
      { onSuccess: () => setReason('') },
    );
  }

  return (
    <form className="idea-form" onSubmit={submit} aria-label={t('ideas.changeStatus')}>
      <h2>{t('ideas.changeStatus')}</h2>
      <label className="field">
        {t('ideas.newStatus')}
        <select value={status} onChange={(event) => setStatus(event.target.value as IdeaStatus)}>
          {ideaStatuses.map((value) => (
            <option key={value} value={value}>
              {t(`ideas.statuses.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {status === 'merged' && (
        <label className="field">
          {t('ideas.mergedIntoId')}
          <input
            inputMode="numeric"
            value={mergedInto}
            onChange={(event) => setMergedInto(event.target.value)}
          />
        </label>
      )}
      <label className="field">
        {t('ideas.publicReason')}
        <textarea rows={3} value={reason} required onChange={(event) => setReason(event.target.value)} />
      </label>
      <ErrorMessage error={action.error} />
      <div>
        <button
          type="submit"
          className="button button-primary"
          disabled={action.isPending || reason.trim() === ''}
        >
          {t('ideas.saveStatus')}
        </button>
      </div>
    </form>
  );
}
