import { useQuery } from '@tanstack/react-query';
import type { Organisation } from '../../shared/api/auth';
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
