import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Article,
  ArticlePage,
  ArticleSummary,
  ConfirmationReport,
  GuestComment,
} from '../../../shared/api/articles';
import type { Attachment, FeedItem } from '../../../shared/api/stream';
import { api, upload } from '../../lib/api';
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

/** An earlier version of an article, as its editors see it. */
export interface Revision {
  id: number;
  title: string;
  teaser: string;
  body: string;
  editor: { name: string } | null;
  createdAt: string;
}

export const articlesApi = {
  list: (filters: { state: string; category: string }, cursor: string | null) =>
    api<ArticlePage>(
      'GET',
      `/api/v1/articles?state=${filters.state}${filters.category ? `&category=${encodeURIComponent(filters.category)}` : ''}${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
    ),
  categories: () => api<{ items: string[] }>('GET', '/api/v1/articles/categories'),
  /** The article as a feed item (reactions, comments), once it is published. */
  item: (id: number) => api<FeedItem>('GET', `/api/v1/content/${id}`),
  create: (fields: object, idempotencyKey: string) =>
    api<Article>('POST', '/api/v1/articles', fields, { idempotencyKey }),
  update: (id: number, changes: object) => api<Article>('PATCH', `/api/v1/articles/${id}`, changes),
  publish: (id: number, at: { at?: string | null }, idempotencyKey: string) =>
    api<Article>('POST', `/api/v1/articles/${id}/publish`, at, { idempotencyKey }),
  remove: (id: number) => api<unknown>('DELETE', `/api/v1/articles/${id}`),
  confirmations: (id: number) => api<ConfirmationReport>('GET', `/api/v1/articles/${id}/confirmations`),
  revisions: (id: number) => api<{ items: Revision[] }>('GET', `/api/v1/articles/${id}/revisions`),
  remind: (id: number) => api<{ reminded: number }>('POST', `/api/v1/articles/${id}/remind`),
  uploadImage: (file: File, onProgress: (fraction: number) => void) =>
    upload<Attachment>('POST', '/api/v1/uploads', file, onProgress),
  /** Records the image credits (author, licence, …) of an uploaded image. */
  setImageRights: (fileId: string, rights: object) =>
    api<unknown>('PATCH', `/api/v1/files/${fileId}`, rights),
  myConfirmations: () => api<{ items: MyConfirmation[] }>('GET', '/api/v1/me/confirmations'),
  guestComments: (state: string) =>
    api<{ items: GuestComment[] }>('GET', `/api/v1/newsroom/comments?state=${state}`),
  moderateGuestComment: (id: number, action: 'approve' | 'reject' | 'spam') =>
    api<GuestComment>('POST', `/api/v1/newsroom/comments/${id}/${action}`),
};
