import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Organisation } from '../../shared/api/auth';
import type { Space } from '../../shared/api/spaces';
import type { Me, updateMeBody } from '../../shared/api/users';
import { ApiError, api } from './api';

/**
 * Query keys that several features read or invalidate (me, feeds, notifications, people, spaces).
 * A feature's own keys live in its `queries.ts` and reuse these where they mean the same data: a
 * second key for the same data would silently miss invalidations.
 */
export const queryKeys = {
  me: ['me'] as const,
  organisation: ['organisation'] as const,
  /** Every list of people (directory, suggestions, facets) — to refresh after a profile changed. */
  allUsers: ['users'] as const,
  users: (filters: object) => ['users', filters] as const,
  user: (id: number) => ['user', id] as const,
  facets: ['users', 'facets'] as const,
  tokens: ['tokens'] as const,
  invitations: ['invitations'] as const,
  /** Every feed (home, spaces, profiles, hashtags). */
  feeds: ['feed'] as const,
  feed: (key: string) => ['feed', key] as const,
  post: (id: number) => ['post', id] as const,
  comments: (id: number) => ['comments', id] as const,
  spaces: (filters: object) => ['spaces', filters] as const,
  space: (id: number) => ['space', id] as const,
  mySpaces: ['spaces', { mine: true }] as const,
  notifications: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  notificationSettings: ['notification-settings'] as const,
};

/** The logged-in person's own record (`/api/v1/me`): read by the shell, changed by settings. */
export const meApi = {
  get: () => api<Me>('GET', '/api/v1/me'),
  update: (changes: z.input<typeof updateMeBody>) => api<Me>('PATCH', '/api/v1/me', changes),
};

/** The logged-in person, or null when nobody is logged in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async () => {
      try {
        return await meApi.get();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useOrganisation() {
  return useQuery({
    queryKey: queryKeys.organisation,
    queryFn: () => api<Organisation>('GET', '/api/v1/organisation'),
    staleTime: 5 * 60_000,
  });
}

export function useMySpaces() {
  return useQuery({
    queryKey: queryKeys.mySpaces,
    queryFn: () => api<{ items: Space[] }>('GET', '/api/v1/spaces?mine=true&limit=100'),
    staleTime: 60_000,
  });
}
