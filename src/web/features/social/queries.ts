import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarItem, SocialAccount, SocialPost, Story } from '../../../shared/api/social';
import { api, type RequestOptions } from '../../lib/api';

export const socialKeys = {
  all: ['social'] as const,
  stories: (state: string) => ['social', 'stories', state] as const,
  story: (id: number) => ['social', 'story', id] as const,
  posts: (filter: object) => ['social', 'posts', filter] as const,
  accounts: ['social', 'accounts'] as const,
  calendar: (from: string, to: string) => ['social', 'calendar', from, to] as const,
};

export function useStories(state: string) {
  return useQuery({
    queryKey: socialKeys.stories(state),
    queryFn: () =>
      api<{ items: Story[]; nextCursor: string | null }>(
        'GET',
        `/api/v1/stories?limit=100${state === 'all' ? '' : `&state=${state}`}`,
      ),
  });
}

export function useStory(id: number) {
  return useQuery({
    queryKey: socialKeys.story(id),
    queryFn: () => api<Story>('GET', `/api/v1/stories/${id}`),
  });
}

export function usePosts(filter: { storyId?: number } = {}) {
  return useQuery({
    queryKey: socialKeys.posts(filter),
    queryFn: () =>
      api<{ items: SocialPost[] }>(
        'GET',
        `/api/v1/social/posts${filter.storyId ? `?storyId=${filter.storyId}` : ''}`,
      ),
  });
}

export function useAccounts(enabled = true) {
  return useQuery({
    queryKey: socialKeys.accounts,
    queryFn: () => api<{ items: SocialAccount[] }>('GET', '/api/v1/social/accounts'),
    enabled,
  });
}

export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: socialKeys.calendar(from, to),
    queryFn: () =>
      api<{ items: CalendarItem[] }>(
        'GET',
        `/api/v1/social/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ),
  });
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
