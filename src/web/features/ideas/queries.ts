import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IdeaStatus } from '../../../shared/api/ideas';
import type { Attachment, FeedItem, FeedPage } from '../../../shared/api/stream';
import { api, upload } from '../../lib/api';
import { updateCachedItem } from '../../lib/live';
import { queryKeys } from '../../lib/queries';

/** The ideas feature's API calls and query keys in one place (the shared ones live in lib/queries.ts). */

export interface IdeaHistory {
  history: Array<{ status: IdeaStatus; reason: string; actorName: string | null; at: string }>;
}

export interface BoardFilters {
  spaceId?: number;
  sort: 'votes' | 'new';
  status: IdeaStatus | '';
}

export const ideaKeys = {
  /** Under `feed`, so live updates and every feed refresh reach the boards too. */
  board: (board: string, sort: string, status: string) =>
    ['feed', `ideas-${board}-${sort}-${status}`] as const,
  history: (id: number) => ['idea-history', id] as const,
  /** An idea is a feed item: it lives under the post key, refreshed live like any post. */
  item: queryKeys.post,
  feeds: ['feed'] as const,
};

export const ideasApi = {
  board: (filters: BoardFilters, cursor: string | null) => {
    const params = new URLSearchParams({ sort: filters.sort, limit: '100' });
    if (filters.spaceId) params.set('spaceId', String(filters.spaceId));
    if (filters.status) params.set('status', filters.status);
    if (cursor) params.set('cursor', cursor);
    return api<FeedPage>('GET', `/api/v1/ideas?${params}`);
  },
  item: (id: number) => api<FeedItem>('GET', `/api/v1/content/${id}`),
  history: (id: number) => api<IdeaHistory>('GET', `/api/v1/ideas/${id}`),
  create: (
    spaceId: number | undefined,
    idea: { title: string; problem: string; proposal: string; pictureId: string | null },
    idempotencyKey: string,
  ) =>
    api<FeedItem>('POST', spaceId ? `/api/v1/spaces/${spaceId}/ideas` : '/api/v1/ideas', idea, {
      idempotencyKey,
    }),
  uploadPicture: (file: File) => upload<Attachment>('POST', '/api/v1/uploads', file, () => undefined),
  /** Vote or follow (on), or take it back (off). */
  toggle: (id: number, kind: 'vote' | 'follow', on: boolean) =>
    api<FeedItem>(on ? 'PUT' : 'DELETE', `/api/v1/ideas/${id}/${kind}`),
  setStatus: (id: number, change: { status: IdeaStatus; reason: string; mergedInto?: number }) =>
    api<FeedItem>('POST', `/api/v1/ideas/${id}/status`, {
      status: change.status,
      reason: change.reason,
      ...(change.mergedInto ? { mergedInto: change.mergedInto } : {}),
    }),
};

/** A board's ideas (a space's, or the company's without `spaceId`). */
export function useIdeasBoard(filters: BoardFilters) {
  return useInfiniteQuery({
    queryKey: ideaKeys.board(
      filters.spaceId ? `space-${filters.spaceId}` : 'company',
      filters.sort,
      filters.status,
    ),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => ideasApi.board(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useIdea(id: number) {
  return useQuery({ queryKey: ideaKeys.item(id), queryFn: () => ideasApi.item(id) });
}

/** The status history; `changedAt` in the key: a status change (also one heard live) brings its entry along. */
export function useIdeaHistory(id: number, changedAt: string | null) {
  return useQuery({ queryKey: [...ideaKeys.history(id), changedAt], queryFn: () => ideasApi.history(id) });
}

/** Vote, follow and status changes answer with the fresh item; every cached copy takes it. */
export function useIdeaAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'vote' | 'follow'; on: boolean }
        | { kind: 'status'; status: IdeaStatus; reason: string; mergedInto?: number },
    ) =>
      action.kind === 'status' ? ideasApi.setStatus(id, action) : ideasApi.toggle(id, action.kind, action.on),
    onSuccess: (item, action) => {
      updateCachedItem(queryClient, id, () => item);
      if (action.kind === 'status') {
        void queryClient.invalidateQueries({ queryKey: ideaKeys.history(id) });
        void queryClient.invalidateQueries({ queryKey: ideaKeys.feeds });
      }
    },
  });
}
