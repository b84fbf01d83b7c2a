import type { z } from 'zod';
import type {
  DirectoryFacets,
  UserListItem,
  UserProfile,
  updateUserBody,
  userPage,
} from '../../../shared/api/users';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

/** People's API calls and query keys in one place (the keys are shared in lib/queries.ts). */

export const peopleKeys = {
  /** Every list of people, e.g. after a profile or picture changed. */
  all: queryKeys.allUsers,
  directory: (filters: DirectoryFilters) => queryKeys.users(filters),
  /** Candidates for someone's manager in the profile form. */
  manager: (q: string) => queryKeys.users({ q, purpose: 'manager' }),
  facets: queryKeys.facets,
  one: queryKeys.user,
};

export interface DirectoryFilters {
  q?: string;
  department?: string;
  location?: string;
}

export type UserPage = z.infer<typeof userPage>;

export const peopleApi = {
  /** One page of the directory, filtered; empty filters are left out. */
  directory: (filters: DirectoryFilters, cursor: string | null) => {
    const params = new URLSearchParams({ limit: '24' });
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    if (cursor) params.set('cursor', cursor);
    return api<UserPage>('GET', `/api/v1/users?${params}`);
  },
  /** A few people whose name matches (suggestions). */
  find: (q: string, limit: number) =>
    api<{ items: UserListItem[] }>('GET', `/api/v1/users?limit=${limit}&q=${encodeURIComponent(q)}`),
  facets: () => api<DirectoryFacets>('GET', '/api/v1/users/facets'),
  profile: (userId: number) => api<UserProfile>('GET', `/api/v1/users/${userId}`),
  /** Follow (true) or unfollow (false) someone's profile posts. */
  follow: (userId: number, follow: boolean) =>
    api<{ following: boolean }>(follow ? 'POST' : 'DELETE', `/api/v1/users/${userId}/follow`),
  /** An admin changes someone else's profile (one's own goes through `meApi.update`). */
  update: (userId: number, changes: z.input<typeof updateUserBody>) =>
    api<UserProfile>('PATCH', `/api/v1/users/${userId}`, changes),
};
