import type { Locale } from '../../../shared/api/common.js';
import type { FileRow } from '../../db/schema.js';
import { escapeHtml, html, type SafeHtml } from '../../lib/html.js';

type Rights = Pick<FileRow, 'creator' | 'source' | 'licence'>;

const words = {
  de: { photo: 'Foto', source: 'Quelle' },
  en: { photo: 'Photo', source: 'Source' },
} as const;

/** "Foto: Anna Beispiel, Quelle: https://… (CC BY 4.0)"; a source that is a URL becomes a link. */
export function creditLine(rights: Rights, locale: Locale): SafeHtml {
  const w = words[locale];
  const source = /^https?:\/\/\S+$/i.test(rights.source)
    ? html`<a href="${rights.source}" rel="noopener noreferrer nofollow">${rights.source}</a>`
    : rights.source;
  return html`${w.photo}: ${rights.creator}, ${w.source}: ${source}${rights.licence ? html` (${rights.licence})` : ''}`;
}

const imageTag = /<img src="\/api\/v1\/files\/([A-Za-z0-9_-]{10,64})\/download"([^>]*)>/g;

/**
 * Puts each inline image's credit under it, and points the image at `srcFor(id)` (the newsroom
 * serves public images itself). Works on our own rendered Markdown, whose attributes are escaped.
 */
export function withImageCredits(
  bodyHtml: string,
  images: FileRow[],
  locale: Locale,
  srcFor: (id: string) => string,
): string {
  const byId = new Map(images.map((file) => [file.id, file]));
  return bodyHtml.replace(imageTag, (_match, id: string, attributes: string) => {
    const file = byId.get(id);
    const size = file?.width && file.height ? ` width="${file.width}" height="${file.height}"` : '';
    const credit = file?.creator ? `<span class="credit">${creditLine(file, locale).value}</span>` : '';
    return `<span class="figure"><img src="${escapeHtml(srcFor(id))}"${attributes}${size} loading="lazy">${credit}</span>`;
  });
}

/** Mentions and hashtags link into the intranet; outside it they stay plain text. */
export function withoutIntranetLinks(bodyHtml: string): string {
  return bodyHtml.replace(
    /<a href="\/(?:people|hashtags)\/[^"]*" class="(?:mention|hashtag)">([^<]*)<\/a>/g,
    '$1',
  );
}
