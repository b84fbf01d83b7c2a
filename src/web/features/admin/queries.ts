import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { CreatedInvitation, InvitationInfo, Organisation } from '../../../shared/api/auth';
import type { UserListItem } from '../../../shared/api/users';

type Role = UserListItem['role'];

import { api, upload } from '../../lib/api';

/** The administration's API calls and query keys in one place. */
export type AccountStatus = 'active' | 'deactivated' | 'all';

export const adminKeys = {
  accounts: (filters: { q: string; status: AccountStatus }) =>
    ['users', { ...filters, purpose: 'admin' }] as const,
  allUsers: ['users'] as const,
  rights: ['admin-rights'] as const,
};

/**
 * Rights an administrator gives per person (`PATCH /api/v1/admin/users/:id`), owned by their
 * features on the server (users/admin-rights.routes.ts); administrators have every one anyway.
 */
export const personRights = ['ideasReviewer', 'socialMedia', 'staffLead'] as const;
export type PersonRight = (typeof personRights)[number];

/** Who was given which right: the ids per right. */
export function usePersonRights() {
  return useQuery({
    queryKey: adminKeys.rights,
    queryFn: async () => {
      const answer = await api<{ items: Array<{ field: string; userIds: number[] }> }>(
        'GET',
        '/api/v1/admin/rights',
      );
      return new Map(answer.items.map((right) => [right.field, new Set(right.userIds)]));
    },
  });
}

export const ACCOUNTS_PAGE_SIZE = 25;

export function useAccounts(filters: { q: string; status: AccountStatus }) {
  return useInfiniteQuery({
    queryKey: adminKeys.accounts(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(ACCOUNTS_PAGE_SIZE), status: filters.status });
      if (filters.q.trim()) params.set('q', filters.q.trim());
      if (pageParam) params.set('cursor', pageParam);
      return api<{ items: UserListItem[]; nextCursor: string | null }>('GET', `/api/v1/users?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export const adminApi = {
  setRole: (id: number, role: Role) => api<unknown>('PATCH', `/api/v1/users/${id}`, { role }),
  deactivate: (id: number) => api<unknown>('POST', `/api/v1/users/${id}/deactivate`),
  reactivate: (id: number) => api<unknown>('POST', `/api/v1/users/${id}/reactivate`),
  setRight: (id: number, right: PersonRight, on: boolean) =>
    api<unknown>('PATCH', `/api/v1/admin/users/${id}`, { [right]: on }),
  invitations: () => api<{ items: InvitationInfo[] }>('GET', '/api/v1/invitations'),
  invite: (invitation: { email: string; role: Role }, idempotencyKey: string) =>
    api<CreatedInvitation>('POST', '/api/v1/invitations', invitation, { idempotencyKey }),
  revokeInvitation: (id: number) => api<unknown>('DELETE', `/api/v1/invitations/${id}`),
  /** Changes organisation settings (name, colour, language, public address, …). */
  updateOrganisation: (changes: Partial<Organisation>) =>
    api<Organisation>('PATCH', '/api/v1/organisation', changes),
  uploadLogo: (file: File) => upload<Organisation>('PUT', '/api/v1/organisation/logo', file),
  removeLogo: () => api<Organisation>('DELETE', '/api/v1/organisation/logo'),
};
