import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { reactionTypes } from '../../../shared/api/reaction-types';
import type { FeedItem, ReactionType } from '../../../shared/api/stream';
import { updateCachedItem } from '../../lib/live';
import { streamApi } from './queries';
import './stream.css';

export const reactionEmoji: Record<ReactionType, string> = {
  like: '👍',
  love: '❤️',
  haha: '😂',
  wow: '😮',
  celebrate: '🎉',
  thanks: '🙏',
};

type Summary = FeedItem['reactions'];

/** Applies my reaction change to the counts locally (optimistic update). */
function withMine(summary: Summary, next: ReactionType | null): Summary {
  const counts = { ...summary.counts };
  if (summary.mine) counts[summary.mine] = Math.max(0, (counts[summary.mine] ?? 1) - 1);
  if (next) counts[next] = (counts[next] ?? 0) + 1;
  for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), mine: next };
}

export function Reactions({ item }: { item: FeedItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const react = useMutation({
    mutationFn: (next: ReactionType | null) => streamApi.react(item.id, next),
    onMutate: (next) => {
      const previous = item.reactions;
      updateCachedItem(queryClient, item.id, (current) => ({
        ...current,
        reactions: withMine(current.reactions, next),
      }));
      return { previous };
    },
    onError: (_error, _next, context) => {
      if (context)
        updateCachedItem(queryClient, item.id, (current) => ({ ...current, reactions: context.previous }));
    },
    onSuccess: (summary) =>
      updateCachedItem(queryClient, item.id, (current) => ({ ...current, reactions: summary })),
  });

  return (
    <fieldset className="reactions">
      <legend className="visually-hidden">{t('stream.reactions')}</legend>
      {reactionTypes.map((type) => {
        const count = item.reactions.counts[type] ?? 0;
        const mine = item.reactions.mine === type;
        return (
          <button
            key={type}
            type="button"
            className={mine ? 'reaction reaction-mine' : 'reaction'}
            aria-pressed={mine}
            title={t(`reactions.${type}`)}
            onClick={() => react.mutate(mine ? null : type)}
          >
            <span aria-hidden="true">{reactionEmoji[type]}</span>
            <span className="visually-hidden">{t(`reactions.${type}`)}</span>
            {count > 0 && <span className="reaction-count">{count}</span>}
          </button>
        );
      })}
    </fieldset>
  );
}
