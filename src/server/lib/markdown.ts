import MarkdownIt, { type Token } from 'markdown-it';
import { hashtagPattern, mentionPattern } from '../../shared/markup.js';

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
  for (const match of text.matchAll(new RegExp(mentionPattern.source, mentionPattern.flags))) {
    const handle = match[2].toLowerCase();
    const userId = known.get(handle);
    if (userId === undefined) continue;
    const start = (match.index ?? 0) + match[1].length;
    pieces.push({
      start,
      end: start + match[2].length + 1,
      href: `/people/${userId}`,
      label: `@${match[2]}`,
      kind: 'mention',
    });
  }
  for (const match of text.matchAll(new RegExp(hashtagPattern.source, hashtagPattern.flags))) {
    const start = (match.index ?? 0) + match[1].length;
    const tag = match[2].toLowerCase();
    pieces.push({
      start,
      end: start + match[2].length + 1,
      href: `/hashtags/${encodeURIComponent(tag)}`,
      label: `#${match[2]}`,
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
