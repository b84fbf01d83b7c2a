import { articleCard } from '../../../shared/api/articles.js';
import type { ContentKind } from '../../kinds/registry.js';
import { articleContentPolicy } from '../access/rules.js';
import * as repo from './articles.repo.js';
import { deleteArticle } from './articles.service.js';
import * as mustReadRepo from './must-read.repo.js';

type ArticleCardRow = Awaited<ReturnType<typeof repo.articleCards>>[number];

/**
 * Articles in feeds: a card with cover, title and teaser (the full text is at /api/v1/articles/:id);
 * found in search by title, teaser and text; managed, edited and deleted by their editors.
 */
export const articleKind: ContentKind<ArticleCardRow> = {
  name: 'article',
  itemPart: { article: articleCard },
  load: (db, ids) => repo.articleCards(db, ids),
  // For must-reads: whether the viewer has confirmed.
  async personal(db, rows, viewerId) {
    const mustReads = rows.filter((row) => row.must_read === 1).map((row) => row.content_id);
    const confirmed = new Set(
      mustReads.length
        ? (await mustReadRepo.confirmationsOf(db, viewerId, mustReads)).map((row) => row.content_id)
        : [],
    );
    const personal = new Map<number, Record<string, unknown>>();
    for (const row of rows) {
      if (row.must_read !== 1) continue;
      const card = articleKind.card(row).part.article as Record<string, unknown>;
      personal.set(row.content_id, { article: { ...card, confirmed: confirmed.has(row.content_id) } });
    }
    return personal;
  },
  card: (row) => ({
    body: row.teaser,
    html: '',
    // An article's images belong to its text and cover, not to its card.
    showAttachments: false,
    part: {
      article: {
        title: row.title,
        teaser: row.teaser,
        category: row.category,
        coverUrl: row.cover_file_id ? `/api/v1/files/${row.cover_file_id}/download` : null,
        readingMinutes: row.reading_minutes,
        mustRead: row.must_read === 1,
        confirmed: false,
      },
    },
  }),
  summary: (row) => row.title,
  searchText: (row) => ({ title: row.title, text: `${row.teaser}\n${row.body}` }),
  url: (contentId) => `/articles/${contentId}`,
  // A guest's comment on the public newsroom waits in the moderation queue.
  notificationUrl: (type) => (type === 'guest_comment' ? '/articles/moderation' : undefined),
  policy: articleContentPolicy,
  remove: deleteArticle,
};
