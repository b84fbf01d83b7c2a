import type { z } from 'zod';
import type {
  Attachment,
  Comment,
  commentBody,
  FeedItem,
  FeedPage,
  ReactionType,
  reactorsResponse,
  updatePostBody,
} from '../../../shared/api/stream';
import type { UserListItem } from '../../../shared/api/users';
import { api, upload } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

/** The stream's API calls, query keys and feed addresses in one place (shared keys: lib/queries.ts). */

export const streamKeys = {
  /** Every feed: a change that may move items between feeds refreshes them all. */
  feeds: queryKeys.feeds,
  feed: queryKeys.feed,
  post: queryKeys.post,
  comments: queryKeys.comments,
  /** People suggested while typing "@name" (a list of people: refreshed with the others). */
  mention: (q: string | undefined) => queryKeys.users({ q, purpose: 'mention' }),
  /** Who reacted how; the total is part of the key so a new reaction refetches the open list. */
  reactors: (contentId: number, total: number) => ['reactors', contentId, total] as const,
};

/** A feed a page shows: its cache key (see `streamKeys.feed`) and the address of its pages. */
export interface FeedSource {
  key: string;
  url: string;
}

export const feedSources = {
  home: { key: 'home', url: '/api/v1/feed' } satisfies FeedSource,
  profile: (userId: number): FeedSource => ({
    key: `profile-${userId}`,
    url: `/api/v1/users/${userId}/feed`,
  }),
  space: (spaceId: number): FeedSource => ({
    key: `space-${spaceId}`,
    url: `/api/v1/spaces/${spaceId}/feed`,
  }),
  hashtag: (tag: string): FeedSource => ({
    key: `tag-${tag}`,
    url: `/api/v1/hashtags/${encodeURIComponent(tag)}/feed`,
  }),
};

/** Where the composer sends a post: a new one into a space or a profile, or changes to one. */
export interface PostTarget {
  method: 'POST' | 'PATCH';
  url: string;
}

export const postTargets = {
  space: (spaceId: number): PostTarget => ({ method: 'POST', url: `/api/v1/spaces/${spaceId}/posts` }),
  profile: (userId: number): PostTarget => ({ method: 'POST', url: `/api/v1/users/${userId}/posts` }),
  edit: (contentId: number): PostTarget => ({ method: 'PATCH', url: `/api/v1/content/${contentId}` }),
};

/** A post's text and attachments, plus the fields of kinds that are a post with more (a poll). */
export type PostFields = z.input<typeof updatePostBody> & Record<string, unknown>;
type ReactionSummary = FeedItem['reactions'];
type Reactors = z.infer<typeof reactorsResponse>;

export const streamApi = {
  /** One page of a feed (`url` from `feedSources`, or a feature's own feed address). */
  feedPage: (url: string, cursor: string | null) =>
    api<FeedPage>(
      'GET',
      `${url}${url.includes('?') ? '&' : '?'}limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  item: (contentId: number) => api<FeedItem>('GET', `/api/v1/content/${contentId}`),
  /** Creates (POST, with an idempotency key) or changes (PATCH) a post. */
  savePost: (target: PostTarget, fields: PostFields, idempotencyKey?: string) =>
    api<FeedItem>(target.method, target.url, fields, idempotencyKey ? { idempotencyKey } : {}),
  remove: (contentId: number) => api<unknown>('DELETE', `/api/v1/content/${contentId}`),
  pin: (contentId: number, pinned: boolean) =>
    api<FeedItem>('POST', `/api/v1/content/${contentId}/pin`, { pinned }),
  /** Sets my reaction, or takes it back with `null`. */
  react: (contentId: number, type: ReactionType | null) =>
    type
      ? api<ReactionSummary>('PUT', `/api/v1/content/${contentId}/reaction`, { type })
      : api<ReactionSummary>('DELETE', `/api/v1/content/${contentId}/reaction`),
  reactors: (contentId: number) => api<Reactors>('GET', `/api/v1/content/${contentId}/reactions`),
  comments: (contentId: number) =>
    api<{ items: Comment[] }>('GET', `/api/v1/content/${contentId}/comments?limit=100`),
  addComment: (contentId: number, comment: z.input<typeof commentBody>, idempotencyKey: string) =>
    api<Comment>('POST', `/api/v1/content/${contentId}/comments`, comment, { idempotencyKey }),
  editComment: (commentId: number, body: string) =>
    api<unknown>('PATCH', `/api/v1/comments/${commentId}`, { body }),
  deleteComment: (commentId: number) => api<unknown>('DELETE', `/api/v1/comments/${commentId}`),
  /** A few people whose name starts like the typed "@name". */
  mentionSuggestions: (q: string) =>
    api<{ items: UserListItem[] }>('GET', `/api/v1/users?limit=6&q=${encodeURIComponent(q)}`),
  /** Uploads an attachment before the post is sent; reports progress from 0 to 1. */
  uploadAttachment: (file: File, onProgress: (fraction: number) => void) =>
    upload<Attachment>('POST', '/api/v1/uploads', file, onProgress),
};
