import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FeedItem } from '../../../shared/api/stream';
import { api } from '../../lib/api';
import { updateCachedItem } from '../../lib/live';

/**
 * The polls feature's API calls. A vote answers with the fresh feed item of whatever carries the
 * poll (a poll post, an article); polls have no query keys of their own: they live in feed items
 * (`['feed']`, `queryKeys.post`), which every cached copy of the item takes.
 */
export const pollsApi = {
  vote: (contentId: number, optionIds: number[]) =>
    api<FeedItem>('PUT', `/api/v1/polls/${contentId}/vote`, { optionIds }),
  withdraw: (contentId: number) => api<FeedItem>('DELETE', `/api/v1/polls/${contentId}/vote`),
};

/** Vote (option ids) or withdraw (null); the answer replaces every cached copy of the item. */
export function useVote(contentId: number, onVoted: (item: FeedItem) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (optionIds: number[] | null) =>
      optionIds ? pollsApi.vote(contentId, optionIds) : pollsApi.withdraw(contentId),
    onSuccess: (updated) => {
      onVoted(updated);
      updateCachedItem(queryClient, contentId, () => updated);
    },
  });
}
