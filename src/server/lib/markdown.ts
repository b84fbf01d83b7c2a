import MarkdownIt, { type Token } from 'markdown-it';
import { findHashtags, findMentions } from '../../shared/markup.js';
import { escapeHtml } from './html.js';

/**
 * The Markdown subset of posts, comments and articles, rendered to HTML on the server.
 * Raw HTML is never passed through (html: false escapes it), links are limited to http(s) and
 * mailto and open with rel="noopener noreferrer"; @mentions of known people and #hashtags become links.
 */
const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: true });
md.disable([
  'image',
  'table',
  'code',
  'fence',
  'html_block',
  'html_inline',
  'heading',
  'lheading',
  'hr',
  'reference',
]);
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());

const headingMd = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: true });
headingMd.disable(['table', 'code', 'fence', 'html_block', 'html_inline', 'lheading', 'hr', 'reference']);
headingMd.validateLink = (url) => /^(https?:|mailto:|\/api\/v1\/files\/)/i.test(url.trim());

for (const instance of [md, headingMd]) {
  instance.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    const token = tokens[index];
    const href = String(token.attrGet('href') ?? '');
    if (/^https?:/i.test(href)) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return self.renderToken(tokens, index, options);
  };
  instance.core.ruler.push('mentions_and_hashtags', (state) => {
    const known: Map<string, number> =
      (state.env as { mentions?: Map<string, number> }).mentions ?? new Map();
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let insideLink = 0;
      const out: Token[] = [];
      for (const token of block.children) {
        if (token.type === 'link_open') insideLink++;
        if (token.type === 'link_close') insideLink--;
        if (token.type !== 'text' || insideLink > 0) {
          out.push(token);
          continue;
        }
        out.push(...linkify(state.Token, token.content, known));
      }
      block.children = out;
    }
  });
}

type TokenClass = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;

function linkify(TokenCtor: TokenClass, text: string, known: Map<string, number>): Token[] {
  const pieces: Array<{ start: number; end: number; href: string; label: string; kind: string }> = [];
  for (const mention of findMentions(text)) {
    const userId = known.get(mention.key);
    if (userId === undefined) continue;
    pieces.push({
      start: mention.start,
      end: mention.end,
      href: `/people/${userId}`,
      label: `@${mention.text}`,
      kind: 'mention',
    });
  }
  for (const tag of findHashtags(text)) {
    pieces.push({
      start: tag.start,
      end: tag.end,
      href: `/hashtags/${encodeURIComponent(tag.key)}`,
      label: `#${tag.text}`,
      kind: 'hashtag',
    });
  }
  if (pieces.length === 0) {
    const plain = new TokenCtor('text', '', 0);
    plain.content = text;
    return [plain];
  }
  pieces.sort((a, b) => a.start - b.start);
  const tokens: Token[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    if (piece.start < cursor) continue;
    if (piece.start > cursor) {
      const before = new TokenCtor('text', '', 0);
      before.content = text.slice(cursor, piece.start);
      tokens.push(before);
    }
    const open = new TokenCtor('link_open', 'a', 1);
    open.attrs = [
      ['href', piece.href],
      ['class', piece.kind],
    ];
    const label = new TokenCtor('text', '', 0);
    label.content = piece.label;
    tokens.push(open, label, new TokenCtor('link_close', 'a', -1));
    cursor = piece.end;
  }
  if (cursor < text.length) {
    const rest = new TokenCtor('text', '', 0);
    rest.content = text.slice(cursor);
    tokens.push(rest);
  }
  return tokens;
}

/** Posts and comments: paragraphs, bold, italics, lists, quotes, links, mentions, hashtags. */
export function renderBody(text: string, mentions: Map<string, number> = new Map()): string {
  return md.render(text, { mentions });
}

/** Articles additionally have headings and inline images (served by Kantine). */
export function renderArticleBody(text: string, mentions: Map<string, number> = new Map()): string {
  return headingMd.render(text, { mentions });
}

/**
 * Stored HTML keeps a mention as `<a href="/people/ID" class="mention">@handle</a>`; readers see the
 * person's current name, put in when the text is served, so a later rename shows everywhere.
 */
const mentionLink = /<a href="\/people\/(\d+)" class="mention">([^<]*)<\/a>/g;

/** The people a rendered text mentions, to load their names along with the other people of a page. */
export function mentionedUserIds(html: string): number[] {
  return [...html.matchAll(mentionLink)].map((match) => Number(match[1]));
}

/** Shows each mention as the person's current name; unknown ids keep the handle as written. */
export function withMentionNames(html: string, nameOf: (userId: number) => string | undefined): string {
  if (!html.includes('class="mention"')) return html;
  return html.replace(mentionLink, (link, id: string) => {
    const name = nameOf(Number(id));
    return name === undefined ? link : `<a href="/people/${id}" class="mention">${escapeHtml(name)}</a>`;
  });
}
