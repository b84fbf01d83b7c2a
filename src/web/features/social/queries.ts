import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarItem,
  GuidelinesReport,
  GuidelinesState,
  SocialAccount,
  SocialPost,
  Story,
} from '../../../shared/api/social';
import type { Attachment } from '../../../shared/api/stream';
import { api, type RequestOptions, upload } from '../../lib/api';

/** The social desk's API calls and query keys in one place. */

export const socialKeys = {
  /** Everything the desk shows (lists are small): every change refreshes it all. */
  all: ['social'] as const,
  stories: (state: string) => ['social', 'stories', state] as const,
  story: (id: number) => ['social', 'story', id] as const,
  posts: (filter: object) => ['social', 'posts', filter] as const,
  accounts: ['social', 'accounts'] as const,
  calendar: (from: string, to: string) => ['social', 'calendar', from, to] as const,
  people: ['social', 'people'] as const,
  guidelines: ['social', 'guidelines'] as const,
  guidelinesReport: ['social', 'guidelines', 'report'] as const,
};

export type StoryInput = {
  title: string;
  body: string;
  link?: string;
  pictures: Array<{ fileId: string; creator: string; source: string; licence: string; alt?: string }>;
};
export type PostInput = {
  storyId?: number;
  channel: string;
  accountId?: number;
  text: string;
  media: Array<{ fileId: string; alt: string }>;
  campaign?: string;
  scheduledAt?: string;
};
export type AccountInput =
  | { network: 'mastodon'; instanceUrl: string; accessToken?: string }
  | { network: 'bluesky'; identifier: string; appPassword: string; serviceUrl?: string };

export const socialApi = {
  stories: (state: string) =>
    api<{ items: Story[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/stories?limit=100${state === 'all' ? '' : `&state=${state}`}`,
    ),
  story: (id: number) => api<Story>('GET', `/api/v1/stories/${id}`),
  suggest: (input: StoryInput, options: RequestOptions) =>
    api<Story>('POST', '/api/v1/stories', input, options),
  updateStory: (id: number, changes: object) => api<Story>('PATCH', `/api/v1/stories/${id}`, changes),
  askConsent: (storyId: number, body: object) =>
    api<Story>('POST', `/api/v1/stories/${storyId}/consents`, body),
  answerConsent: (storyId: number, consentId: number, answer: 'confirmed' | 'declined') =>
    api<Story>('POST', `/api/v1/stories/${storyId}/consents/${consentId}/answer`, { answer }),
  uploadFile: (file: File, onProgress?: (fraction: number) => void) =>
    upload<Attachment>('POST', '/api/v1/uploads', file, onProgress),
  people: () => api<{ items: Array<{ id: number; name: string }> }>('GET', '/api/v1/users?limit=100'),

  posts: (filter: { storyId?: number }) =>
    api<{ items: SocialPost[] }>(
      'GET',
      `/api/v1/social/posts${filter.storyId ? `?storyId=${filter.storyId}` : ''}`,
    ),
  createPost: (input: PostInput, options: RequestOptions) =>
    api<SocialPost>('POST', '/api/v1/social/posts', input, options),
  updatePost: (id: number, changes: object) =>
    api<SocialPost>('PATCH', `/api/v1/social/posts/${id}`, changes),
  publish: (id: number) => api<SocialPost>('POST', `/api/v1/social/posts/${id}/publish`),
  markPublished: (id: number, url: string) =>
    api<SocialPost>('POST', `/api/v1/social/posts/${id}/mark-published`, { url }),
  deletePost: (id: number) => api<unknown>('DELETE', `/api/v1/social/posts/${id}`),

  accounts: () => api<{ items: SocialAccount[] }>('GET', '/api/v1/social/accounts'),
  /** A Mastodon instance without a token answers `{authorizeUrl}`: the browser goes there. */
  connect: (input: AccountInput, options: RequestOptions) =>
    api<SocialAccount | { authorizeUrl: string }>('POST', '/api/v1/social/accounts', input, options),
  disconnect: (id: number) => api<unknown>('DELETE', `/api/v1/social/accounts/${id}`),

  calendar: (from: string, to: string) =>
    api<{ items: CalendarItem[] }>(
      'GET',
      `/api/v1/social/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    ),

  guidelines: () => api<GuidelinesState>('GET', '/api/v1/social/guidelines'),
  saveGuidelines: (input: { title: string; body: string }) =>
    api<GuidelinesState>('PUT', '/api/v1/social/guidelines', input),
  confirmGuidelines: (version: number) =>
    api<GuidelinesState>('POST', '/api/v1/social/guidelines/confirm', { version }),
  guidelinesReport: () => api<GuidelinesReport>('GET', '/api/v1/social/guidelines/confirmations'),
};

export function useStories(state: string) {
  return useQuery({ queryKey: socialKeys.stories(state), queryFn: () => socialApi.stories(state) });
}

export function useStory(id: number) {
  return useQuery({ queryKey: socialKeys.story(id), queryFn: () => socialApi.story(id) });
}

export function usePosts(filter: { storyId?: number } = {}) {
  return useQuery({ queryKey: socialKeys.posts(filter), queryFn: () => socialApi.posts(filter) });
}

export function useAccounts(enabled = true) {
  return useQuery({ queryKey: socialKeys.accounts, queryFn: socialApi.accounts, enabled });
}

export function useCalendar(from: string, to: string) {
  return useQuery({ queryKey: socialKeys.calendar(from, to), queryFn: () => socialApi.calendar(from, to) });
}

/** Colleagues to ask for consent (a small company's list; the server caps it). */
export function useSocialPeople() {
  const people = useQuery({ queryKey: socialKeys.people, queryFn: socialApi.people, staleTime: 60_000 });
  return people.data?.items ?? [];
}

/** The guidelines and the viewer's confirmation; only people with the social-media right ask. */
export function useGuidelines(enabled = true) {
  return useQuery({
    queryKey: socialKeys.guidelines,
    queryFn: socialApi.guidelines,
    enabled,
    staleTime: 30_000,
  });
}

export function useGuidelinesReport() {
  return useQuery({ queryKey: socialKeys.guidelinesReport, queryFn: socialApi.guidelinesReport });
}

/** Any change on the desk refreshes everything the desk shows (lists are small). */
export function useSocialMutation<TInput, TOutput>(
  send: (input: TInput, options: RequestOptions) => Promise<TOutput>,
  keyOf?: () => string,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => send(input, keyOf ? { idempotencyKey: keyOf() } : {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: socialKeys.all }),
  });
}
