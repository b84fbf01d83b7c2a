import type { LibraryListing } from '../../../shared/api/library';
import type { Member, Space } from '../../../shared/api/spaces';
import type { UserListItem } from '../../../shared/api/users';
import { api, upload } from '../../lib/api';
import { queryKeys } from '../../lib/queries';

/** The spaces feature's API calls and query keys in one place (the shared ones live in lib/queries.ts). */

type MemberStatus = 'member' | 'requested' | 'invited';

export const spaceKeys = {
  /** Every list of spaces (all filters), e.g. to refresh after a change. */
  lists: ['spaces'] as const,
  list: queryKeys.spaces,
  one: queryKeys.space,
  /** Every member list of a space, whatever the status. */
  members: (spaceId: number) => ['members', spaceId] as const,
  memberList: (spaceId: number, status: MemberStatus) => ['members', spaceId, status] as const,
  /** Every folder of a space's library. */
  library: (spaceId: number) => ['library', spaceId] as const,
  folder: (spaceId: number, folderId: number | null) => ['library', spaceId, folderId] as const,
  /** Every feed: joining or leaving a space changes what the home feed shows. */
  feeds: ['feed'] as const,
};

export const spacesApi = {
  list: (filters: { q: string; mine: boolean; cursor: string | null; limit: number }) =>
    api<{ items: Space[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/spaces?limit=${filters.limit}&q=${encodeURIComponent(filters.q)}${filters.mine ? '&mine=true' : ''}${filters.cursor ? `&cursor=${filters.cursor}` : ''}`,
    ),
  get: (spaceId: number) => api<Space>('GET', `/api/v1/spaces/${spaceId}`),
  create: (form: object, idempotencyKey: string) =>
    api<Space>('POST', '/api/v1/spaces', form, { idempotencyKey }),
  update: (spaceId: number, changes: object) => api<Space>('PATCH', `/api/v1/spaces/${spaceId}`, changes),
  setPicture: (spaceId: number, file: File | null) =>
    file
      ? upload<Space>('PUT', `/api/v1/spaces/${spaceId}/avatar`, file)
      : api<Space>('DELETE', `/api/v1/spaces/${spaceId}/avatar`),
  /** Join, request to join, or accept an invitation (the viewer themself). */
  join: (spaceId: number) => api<Space>('POST', `/api/v1/spaces/${spaceId}/members`, {}),
  /** A space admin invites someone or approves their request. */
  addMember: (spaceId: number, userId: number) =>
    api<unknown>('POST', `/api/v1/spaces/${spaceId}/members`, { userId }),
  removeMember: (spaceId: number, userId: number) =>
    api<unknown>('DELETE', `/api/v1/spaces/${spaceId}/members/${userId}`),
  setRole: (spaceId: number, userId: number, role: 'admin' | 'member') =>
    api<unknown>('PATCH', `/api/v1/spaces/${spaceId}/members/${userId}`, { role }),
  members: (spaceId: number, status: MemberStatus) =>
    api<{ items: Member[] }>('GET', `/api/v1/spaces/${spaceId}/members?status=${status}&limit=100`),
  /** People to invite, found by name (a few at a time). */
  findPeople: (q: string) =>
    api<{ items: UserListItem[] }>('GET', `/api/v1/users?limit=6&q=${encodeURIComponent(q)}`),
  files: (spaceId: number, folderId: number | null) =>
    api<LibraryListing>('GET', `/api/v1/spaces/${spaceId}/files${folderId ? `?folderId=${folderId}` : ''}`),
  createFolder: (spaceId: number, name: string, parentId: number | null) =>
    api<unknown>('POST', `/api/v1/spaces/${spaceId}/folders`, { name, parentId: parentId ?? undefined }),
  updateFile: (fileId: string, changes: object) => api<unknown>('PATCH', `/api/v1/files/${fileId}`, changes),
  deleteFile: (fileId: string) => api<unknown>('DELETE', `/api/v1/files/${fileId}`),
  /** Uploads a file into a folder of the library (or its top), reporting progress. */
  uploadFile: (
    spaceId: number,
    folderId: number | null,
    file: File,
    onProgress: (fraction: number) => void,
  ) =>
    upload<unknown>(
      'POST',
      `/api/v1/spaces/${spaceId}/files${folderId ? `?folderId=${folderId}` : ''}`,
      file,
      onProgress,
    ),
  /** Uploads a new version of a file. */
  replaceFile: (fileId: string, file: File) =>
    upload<unknown>('POST', `/api/v1/files/${fileId}/versions`, file),
};
