import { useQuery } from '@tanstack/react-query';
import type { Organisation } from '../../shared/api/auth';
import type { Space } from '../../shared/api/spaces';
import type { Me } from '../../shared/api/users';
import { ApiError, api } from './api';

export const queryKeys = {
  me: ['me'] as const,
  organisation: ['organisation'] as const,
  users: (filters: object) => ['users', filters] as const,
  user: (id: number) => ['user', id] as const,
  facets: ['users', 'facets'] as const,
  tokens: ['tokens'] as const,
  invitations: ['invitations'] as const,
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

/** The logged-in person, or null when nobody is logged in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/v1/me');
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
