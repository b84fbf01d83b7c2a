import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IdeaStatus } from '../../../shared/api/ideas';
import type { FeedItem } from '../../../shared/api/stream';
import { api } from '../../lib/api';
import { updateCachedItem } from '../../lib/live';

export const ideaKeys = {
  board: (board: string, sort: string, status: string) =>
    ['feed', `ideas-${board}-${sort}-${status}`] as const,
  history: (id: number) => ['idea-history', id] as const,
};

/** Vote, follow and status changes answer with the fresh item; every cached copy takes it. */
export function useIdeaAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'vote' | 'follow'; on: boolean }
        | { kind: 'status'; status: IdeaStatus; reason: string; mergedInto?: number },
    ) =>
      action.kind === 'status'
        ? api<FeedItem>('POST', `/api/v1/ideas/${id}/status`, {
            status: action.status,
            reason: action.reason,
            ...(action.mergedInto ? { mergedInto: action.mergedInto } : {}),
          })
        : api<FeedItem>(action.on ? 'PUT' : 'DELETE', `/api/v1/ideas/${id}/${action.kind}`),
    onSuccess: (item, action) => {
      updateCachedItem(queryClient, id, () => item);
      if (action.kind === 'status') {
        void queryClient.invalidateQueries({ queryKey: ideaKeys.history(id) });
        void queryClient.invalidateQueries({ queryKey: ['feed'] });
      }
    },
  });
}
