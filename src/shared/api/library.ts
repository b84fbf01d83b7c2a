import { z } from 'zod';
import { idCoerced, idSchema, text } from './common.js';
import { userSummary } from './users.js';

export const rights = z.object({ creator: z.string(), source: z.string(), licence: z.string() });

export const libraryFile = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  kind: z.enum(['image', 'file']),
  version: z.number(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
  folderId: z.number().nullable(),
  spaceId: z.number().nullable(),
  uploader: userSummary.nullable(),
  rights,
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  versions: z.array(
    z.object({
      version: z.number(),
      name: z.string(),
      size: z.number(),
      createdAt: z.string(),
      url: z.string(),
    }),
  ),
  permissions: z.object({ edit: z.boolean(), delete: z.boolean() }),
  /** Whether the text is searchable: null until looked at; 'too_large' and 'unreadable' are not indexed. */
  textState: z.enum(['indexed', 'too_large', 'unreadable']).nullable(),
});
export type LibraryFile = z.infer<typeof libraryFile>;

export const folder = z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() });
export type Folder = z.infer<typeof folder>;

export const libraryListing = z.object({
  folder: folder.nullable(),
  breadcrumbs: z.array(folder),
  folders: z.array(folder),
  files: z.array(libraryFile),
  nextCursor: z.string().nullable(),
  permissions: z.object({ upload: z.boolean() }),
});
export type LibraryListing = z.infer<typeof libraryListing>;

export const listingQuery = z.strictObject({
  folderId: idCoerced.optional(),
  cursor: text().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const name = text()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^/\\\0]+$/, 'must not contain slashes');

export const createFolderBody = z.strictObject({ name, parentId: idSchema.optional() });

const rightsText = text().trim().max(300);
export const updateFileBody = z
  .strictObject({
    name,
    folderId: idSchema.nullable(),
    creator: rightsText,
    source: rightsText,
    licence: rightsText,
  })
  .partial();
