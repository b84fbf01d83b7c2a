import { Link } from '@tanstack/react-router';
import { ThumbsUp } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { IdeaItem } from '../../../shared/api/ideas';
import { ErrorMessage } from '../../components/ui';
import { useIdeaAction } from './queries';
import './ideas.css';

export function StatusBadge({ status }: { status: IdeaItem['idea']['status'] }) {
  const { t } = useTranslation();
  return <span className={`idea-status idea-status-${status}`}>{t(`ideas.statuses.${status}`)}</span>;
}

export function VoteButton({ item }: { item: IdeaItem }) {
  const { t } = useTranslation();
  const action = useIdeaAction(item.id);
  const { idea } = item;
  return (
    <>
      <button
        type="button"
        className={`button idea-vote${idea.myVote ? ' button-primary' : ''}`}
        aria-pressed={idea.myVote}
        disabled={action.isPending}
        onClick={() => action.mutate({ kind: 'vote', on: !idea.myVote })}
      >
        <ThumbsUp size={16} aria-hidden="true" /> {t('ideas.votes', { count: idea.votes })}
        <span className="visually-hidden"> – {idea.myVote ? t('ideas.unvote') : t('ideas.vote')}</span>
      </button>
      <ErrorMessage error={action.error} />
    </>
  );
}

/** How an idea shows in a feed or list: status, title, the problem in short, its votes. */
export function IdeaTeaser({ item, compact = false }: { item: IdeaItem; compact?: boolean }) {
  const { t } = useTranslation();
  const { idea } = item;
  return (
    <div className="idea-teaser">
      <p className="idea-teaser-kicker">
        <span className="muted">{t('ideas.idea')}</span> <StatusBadge status={idea.status} />
      </p>
      {idea.pictureUrl && !compact && (
        <img className="idea-teaser-picture" src={idea.pictureUrl} alt="" loading="lazy" />
      )}
      <h3 className="idea-teaser-title">
        <Link to="/ideas/$id" params={{ id: String(item.id) }}>
          {idea.title}
        </Link>
      </h3>
      {!compact && <p className="idea-teaser-text">{idea.problem}</p>}
      {idea.statusReason && !compact && (
        <p className="muted idea-reason">
          {t('ideas.reason')}: {idea.statusReason}
        </p>
      )}
      <VoteButton item={item} />
    </div>
  );
}
