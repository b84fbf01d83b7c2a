import type { Feed } from 'feed';
import { escapeHtml } from '../../lib/html.js';
import { withImageCredits, withoutIntranetLinks } from '../articles/articles.images.js';
import type { PageContext } from './newsroom.pages.js';
import type { PublicArticleRow } from './newsroom.repo.js';

/** RSS 2.0 and Atom with the public articles only (the rows come from the newsroom's public query). */
export async function buildFeed(page: PageContext, rows: PublicArticleRow[]): Promise<Feed> {
  // Loaded with the first feed read (with its XML writer), not at start.
  const { Feed } = await import('feed');
  const siteName = page.organisation?.name ?? 'Kantine';
  const feed = new Feed({
    id: `${page.base}/news`,
    title: `${siteName} – ${page.messages.latest}`,
    description: `${siteName} – ${page.messages.newsroom}`,
    link: `${page.base}/news`,
    language: page.locale,
    updated: rows[0]?.published_at ? new Date(rows[0].published_at) : new Date(0),
    generator: 'Kantine',
    feedLinks: { rss: `${page.base}/news/feed.xml`, atom: `${page.base}/news/atom.xml` },
    copyright: siteName,
  });
  for (const row of rows) {
    const link = `${page.base}/news/${row.slug}`;
    const body = withImageCredits(
      withoutIntranetLinks(row.body_html),
      [],
      page.locale,
      (id) => `${page.base}/news/media/${id}`,
    );
    feed.addItem({
      title: row.title,
      id: link,
      link,
      date: new Date(row.edited_at ?? row.published_at ?? row.updated_at),
      published: row.published_at ? new Date(row.published_at) : undefined,
      // RSS descriptions and Atom summaries are HTML to feed readers; the teaser is plain text.
      description: escapeHtml(row.teaser),
      content: `${row.teaser ? `<p>${escapeHtml(row.teaser)}</p>` : ''}${body}`,
      author: [{ name: row.author_name }],
      category: row.category ? [{ name: row.category }] : undefined,
      image: row.cover_file_id
        ? { url: `${page.base}/news/media/${row.cover_file_id}`, type: row.cover_mime ?? 'image/webp' }
        : undefined,
    });
  }
  return feed;
}

export function sitemap(page: PageContext, rows: PublicArticleRow[]): string {
  const entry = (loc: string, lastmod: string | null) =>
    `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entry(`${page.base}/news`, rows[0]?.published_at ?? null)}
${rows.map((row) => entry(`${page.base}/news/${row.slug}`, row.edited_at ?? row.published_at)).join('\n')}
</urlset>
`;
}
