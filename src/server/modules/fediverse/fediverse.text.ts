// What the service needs without Fedify: Fedify itself is loaded on the first federation request
// or delivery (it costs ~0.6 s and ~60 MB at start).

/** The newsroom actor's name: `@news@<host>`. */
export const ACTOR_IDENTIFIER = 'news';

const codePoint = (value: number) => (value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '');

/** A remote reply's HTML as the plain text of a guest comment (the newsroom escapes it when shown). */
export function noteText(htmlText: string): string {
  const text = htmlText
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_m, hex: string) => codePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d{1,7});/g, (_m, dec: string) => codePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
  // A reply starts by naming the account it answers ("@news@host …"): that is noise under the article.
  return text.replace(/^\s*@news(@[^\s]+)?\s*/i, '').trim();
}
