import type { Folder, LibraryFile } from '../../../shared/api/library.js';
import type { FileRow, FolderRow, UserRow } from '../../db/schema.js';
import { toUserSummary } from '../users/users.presenter.js';

export function toFolder(row: FolderRow): Folder {
  return { id: row.id, name: row.name, parentId: row.parent_id };
}

export interface VersionRow {
  version: number;
  name: string;
  size: number;
  created_at: string;
}

export function toLibraryFile(
  row: FileRow,
  uploader: UserRow | undefined,
  versions: VersionRow[],
  permissions: LibraryFile['permissions'],
): LibraryFile {
  const url = `/api/v1/files/${row.id}/download`;
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    kind: row.kind,
    version: row.version,
    url,
    thumbnailUrl: row.thumbnail_key ? `${url}?thumbnail=true` : null,
    folderId: row.folder_id,
    spaceId: row.space_id,
    uploader: uploader ? toUserSummary(uploader) : null,
    rights: { creator: row.creator, source: row.source, licence: row.licence },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    versions: versions.map((v) => ({
      version: v.version,
      name: v.name,
      size: v.size,
      createdAt: v.created_at,
      url: `${url}?version=${v.version}`,
    })),
    permissions,
    textState: (row.text_state as LibraryFile['textState']) ?? null,
  };
}
