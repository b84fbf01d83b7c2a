import type { PostsTable } from '../../db/schema.js';
import type { ContentKind } from '../../kinds/registry.js';
import * as repo from './content.repo.js';

/** Posts: a text in Markdown with attachments; everything else is common to all kinds. */
export const postKind: ContentKind<PostsTable> = {
  name: 'post',
  itemPart: {},
  load: (db, ids) => repo.postsByIds(db, ids),
  card: (row) => ({ body: row.body, html: row.body_html, showAttachments: true, part: {} }),
  summary: (row) => row.body,
  searchText: (row) => ({ text: row.body }),
  url: (contentId) => `/posts/${contentId}`,
};
