import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollItem, PollPart } from '../../../shared/api/polls';
import { ErrorMessage, formatDate } from '../../components/ui';
import { RichText } from '../stream/RichText';
import { useVote } from './queries';
import './polls.css';

/**
 * A poll in a feed card: the question (the post's text), options as radio buttons or checkboxes,
 * then bars with percentages once the results may be shown. Counts move live: the server tells open
 * feeds to fetch the item again after every vote.
 */
export function PollBody({ item }: { item: PollItem }) {
  return (
    <>
      {item.html && <RichText html={item.html} className="rich-text post-body" />}
      <PollView item={item} />
    </>
  );
}

/** A poll of any item that carries one: a poll post, or an article (its `poll` part). */
export function PollView({ item }: { item: { id: number; poll: PollPart } }) {
  const { t, i18n } = useTranslation();
  const { poll } = item;
  const [choice, setChoice] = useState<number[]>(poll.myVote ?? []);
  const [changing, setChanging] = useState(false);
  const vote = useVote(item.id, (updated) => {
    setChanging(false);
    if ('poll' in updated && updated.poll) setChoice(updated.poll.myVote ?? []);
  });
  const canVote = !poll.closed && (!poll.voted || (changing && !poll.anonymous));
  const name = `poll-${item.id}`;

  function toggle(id: number) {
    setChoice((current) =>
      poll.multiple ? (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]) : [id],
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (choice.length > 0 && !vote.isPending) vote.mutate(choice);
  }

  const total = poll.total ?? 0;
  return (
    <form className="poll" onSubmit={submit} aria-label={t('polls.label')}>
      <fieldset className="poll-options" disabled={!canVote || vote.isPending}>
        <legend className="visually-hidden">
          {poll.multiple ? t('polls.chooseSeveral') : t('polls.chooseOne')}
        </legend>
        {poll.options.map((option) => {
          const share = poll.resultsShown && total > 0 ? Math.round(((option.votes ?? 0) / total) * 100) : 0;
          const mine = poll.myVote?.includes(option.id) ?? false;
          return (
            <label key={option.id} className={`poll-option${mine ? ' poll-option-mine' : ''}`}>
              {poll.resultsShown && (
                <span className="poll-bar" style={{ width: `${share}%` }} aria-hidden="true" />
              )}
              <input
                type={poll.multiple ? 'checkbox' : 'radio'}
                name={name}
                checked={choice.includes(option.id)}
                onChange={() => toggle(option.id)}
              />
              <span className="poll-option-text">{option.text}</span>
              {poll.resultsShown && (
                <span className="poll-share">
                  {share} %
                  <span className="visually-hidden"> ({t('polls.votes', { count: option.votes ?? 0 })})</span>
                </span>
              )}
            </label>
          );
        })}
      </fieldset>
      <div className="poll-footer">
        <span className="muted poll-meta" data-testid="poll-total">
          {poll.resultsShown
            ? t('polls.votes', { count: total })
            : t(`polls.hidden.${poll.resultsVisibility}`)}
          {poll.closed
            ? ` · ${t('polls.closed')}`
            : poll.closesAt
              ? ` · ${t('polls.closesAt', { date: formatDate(poll.closesAt, i18n.language, true) })}`
              : ''}
          {poll.anonymous && ` · ${t('polls.anonymous')}`}
        </span>
        {canVote && (
          <button
            type="submit"
            className="button button-primary"
            disabled={choice.length === 0 || vote.isPending}
          >
            {t('polls.vote')}
          </button>
        )}
        {!poll.closed && poll.voted && !poll.anonymous && !changing && (
          <>
            <button type="button" className="button" onClick={() => setChanging(true)}>
              {t('polls.change')}
            </button>
            <button
              type="button"
              className="button"
              disabled={vote.isPending}
              onClick={() => vote.mutate(null)}
            >
              {t('polls.withdraw')}
            </button>
          </>
        )}
        {poll.voted && poll.anonymous && <span className="muted">{t('polls.votedAnonymously')}</span>}
      </div>
      <ErrorMessage error={vote.error} />
    </form>
  );
}
