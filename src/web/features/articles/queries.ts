import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Article, ArticleSummary, GuestComment } from '../../../shared/api/articles';
import { api } from '../../lib/api';
import { updateCachedItem } from '../../lib/live';

export const articleKeys = {
  all: ['articles'] as const,
  list: (filters: object) => ['articles', 'list', filters] as const,
  one: (id: number) => ['articles', 'one', id] as const,
  mustReads: ['articles', 'must-reads'] as const,
  categories: ['articles', 'categories'] as const,
  confirmations: (id: number) => ['articles', 'confirmations', id] as const,
  revisions: (id: number) => ['articles', 'revisions', id] as const,
  moderation: (state: string) => ['articles', 'moderation', state] as const,
  /** Every state's moderation queue. */
  moderationAll: ['articles', 'moderation'] as const,
  myConfirmations: ['articles', 'my-confirmations'] as const,
};

export function useArticle(id: number) {
  return useQuery({
    queryKey: articleKeys.one(id),
    queryFn: () => api<Article>('GET', `/api/v1/articles/${id}`),
  });
}

export function useOpenMustReads() {
  return useQuery({
    queryKey: articleKeys.mustReads,
    queryFn: () => api<{ items: ArticleSummary[] }>('GET', '/api/v1/articles/must-reads'),
    staleTime: 30_000,
  });
}

/** Editors and admins write company news; space admins write in their spaces (the server decides each case). */
export const isEditorRole = (role: string | undefined) => role === 'editor' || role === 'admin';

/** "Read and understood": marks the article confirmed in every feed at once, then refreshes the news. */
export function useConfirmMustRead(articleId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ confirmedAt: string }>('POST', `/api/v1/articles/${articleId}/confirm`),
    onSuccess: () => {
      updateCachedItem(queryClient, articleId, (current) =>
        current.kind === 'article'
          ? { ...current, article: { ...current.article, confirmed: true } }
          : current,
      );
      void queryClient.invalidateQueries({ queryKey: articleKeys.all });
    },
  });
}

/** One of my must-read confirmations (what Kantine records about my reading, shown only to me). */
export interface MyConfirmation {
  articleId: number;
  title: string;
  confirmedAt: string;
}

export const articlesApi = {
  myConfirmations: () => api<{ items: MyConfirmation[] }>('GET', '/api/v1/me/confirmations'),
  guestComments: (state: string) =>
    api<{ items: GuestComment[] }>('GET', `/api/v1/newsroom/comments?state=${state}`),
  moderateGuestComment: (id: number, action: 'approve' | 'reject' | 'spam') =>
    api<GuestComment>('POST', `/api/v1/newsroom/comments/${id}/${action}`),
};
