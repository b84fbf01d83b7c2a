import type { SearchHit } from '../../../shared/api/search.js';
import type { AppContext } from '../../context.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { avatarUrl } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './query.repo.js';
import { type ParsedQuery, snippet } from './search.text.js';

export async function present(
  ctx: AppContext,
  rows: repo.SearchRow[],
  query: ParsedQuery,
): Promise<SearchHit[]> {
  const { db } = ctx.database;
  const userIds = [
    ...new Set(
      rows.flatMap((row) =>
        row.doc_type === 'person' ? [row.doc_id] : row.author_id ? [row.author_id] : [],
      ),
    ),
  ];
  const spaceIds = [...new Set(rows.flatMap((row) => (row.space_id ? [row.space_id] : [])))];
  const [users, spaces] = await Promise.all([
    usersRepo.findUserCards(db, userIds),
    spacesRepo.findSpacesByIds(db, spaceIds),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const spaceById = new Map(spaces.map((s) => [s.id, s]));
  return rows.map((row) => {
    const person = userById.get(row.doc_type === 'person' ? row.doc_id : (row.author_id ?? 0));
    const space = row.space_id ? spaceById.get(row.space_id) : undefined;
    const avatar = person ? { id: person.id, name: person.name, avatarUrl: avatarUrl(person) } : null;
    const createdAt = new Date(row.created_ts * 1000).toISOString();
    switch (row.doc_type) {
      case 'person':
        return {
          type: 'person',
          id: row.doc_id,
          title: row.title,
          snippet: snippet(row.body, query),
          url: `/people/${row.doc_id}`,
          createdAt: null,
          meta: person?.title ?? '',
          avatar,
        };
      case 'space':
        return {
          type: 'space',
          id: row.doc_id,
          title: row.title,
          snippet: snippet(row.body, query),
          url: `/spaces/${row.doc_id}`,
          createdAt: null,
          meta: space?.visibility ?? '',
          avatar: null,
        };
      case 'file':
        return {
          type: 'file',
          id: row.file_id ?? '',
          title: row.title,
          snippet: snippet(row.body, query),
          url: `/spaces/${row.space_id}?tab=files`,
          createdAt,
          meta: [person?.name, space?.name].filter(Boolean).join(' · '),
          avatar,
        };
      default:
        // Items and their comments open where the item's kind says (kinds/registry.ts).
        return {
          type: row.doc_type,
          id: row.doc_id,
          title: row.title,
          snippet: snippet(row.body, query),
          url:
            (row.content_type !== null &&
              row.content_id !== null &&
              ctx.kinds.get(row.content_type)?.url(row.content_id)) ||
            '',
          createdAt,
          meta: [person?.name, space?.name].filter(Boolean).join(' · '),
          avatar,
        };
    }
  });
}

export function hashtagHit(tag: string, uses: number): SearchHit {
  // Counting stops at the cap; "100+" tells the reader there are at least that many.
  return {
    type: 'hashtag',
    id: tag,
    title: `#${tag}`,
    snippet: '',
    url: `/hashtags/${encodeURIComponent(tag)}`,
    createdAt: null,
    meta: uses >= repo.HASHTAG_COUNT_CAP ? `${repo.HASHTAG_COUNT_CAP}+` : String(uses),
    avatar: null,
  };
}
