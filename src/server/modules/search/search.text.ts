import snowball from 'snowball-stemmers';

/**
 * Language-aware terms for the search index, computed in one place for both databases so SQLite
 * FTS5 and PostgreSQL full-text search see exactly the same tokens:
 * - `raw`: every word folded (lower case, ß→ss, diacritics removed), in order — for prefixes and phrases;
 * - `stems`: German and English Snowball stems of each folded word — "Häuser" and "Haus" meet at "haus".
 */
const german = snowball.newStemmer('german');
const english = snowball.newStemmer('english');

export function fold(word: string): string {
  return word
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

export function words(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .map(fold)
    .filter((word) => word.length > 0 && word.length <= 60);
}

/**
 * Stems of recently seen words. Snowball in JavaScript was most of indexing a post (~15 µs a word,
 * 0.45 ms for a post of 30 words); words repeat, so they are kept (bounded: emptied when full).
 */
const STEM_CACHE_SIZE = 20_000;
const stemCache = new Map<string, readonly string[]>();

export function stemsOf(word: string): readonly string[] {
  let stems = stemCache.get(word);
  if (!stems) {
    stems = [...new Set([german.stem(word), english.stem(word)])];
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stemCache.set(word, stems);
  }
  return stems;
}

export interface IndexTerms {
  raw: string;
  stems: string;
}

export function indexTerms(text: string): IndexTerms {
  const folded = words(text);
  return { raw: folded.join(' '), stems: [...new Set(folded.flatMap(stemsOf))].join(' ') };
}

/** "Mueller" is also tried as "Muller", so it finds Müller (umlauts spelled out). */
function spellings(word: string): string[] {
  const umlaut = word
    .replace(/(?<!q)ue/g, 'u')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o');
  return umlaut === word ? [word] : [word, umlaut];
}

export interface WordGroup {
  /** Folded spellings, matched in `raw` — as prefixes when `prefix` is set and they are long enough. */
  prefixes: string[];
  /**
   * Only the word still being typed (the last bare word) matches as a prefix: on 1M posts a
   * prefix over FTS5 costs ~6 ms against ~0.3 ms for an exact stem (benchmark).
   */
  prefix: boolean;
  /** Stems, matched exactly in `stems`. */
  stems: string[];
}

export interface ParsedQuery {
  groups: WordGroup[];
  phrases: string[][];
  excludedGroups: WordGroup[];
  excludedPhrases: string[][];
  /** The folded text of the whole query, for the exact-phrase ranking bonus. */
  folded: string;
}

const MIN_PREFIX = 3;
const MAX_TERMS = 12;

function groupFor(word: string, prefix = false): WordGroup {
  const forms = spellings(word);
  return { prefixes: forms, prefix, stems: [...new Set(forms.flatMap(stemsOf))] };
}

/** Parses `Sommerfest "neue Halle" -Regen`: words, quoted phrases and exclusions. */
export function parseQuery(input: string): ParsedQuery {
  const query: ParsedQuery = {
    groups: [],
    phrases: [],
    excludedGroups: [],
    excludedPhrases: [],
    folded: words(input.replace(/-\S+/g, ' ')).join(' '),
  };
  const pattern = /(-?)"([^"]*)"|(-?)(\S+)/g;
  const text = input.slice(0, 500);
  const matches = [...text.matchAll(pattern)];
  const last = matches.at(-1);
  for (const match of matches) {
    if (match[2] !== undefined) {
      const phrase = words(match[2]);
      if (phrase.length === 0) continue;
      if (phrase.length === 1) (match[1] ? query.excludedGroups : query.groups).push(groupFor(phrase[0]));
      else (match[1] ? query.excludedPhrases : query.phrases).push(phrase);
      continue;
    }
    const excluded = match[3] === '-';
    const parts = words(match[4]);
    // The last bare word, unless followed by a space, is still being typed.
    const typing = match === last && !excluded && !/\s$/.test(text);
    for (const [index, word] of parts.entries()) {
      (excluded ? query.excludedGroups : query.groups).push(
        groupFor(word, typing && index === parts.length - 1),
      );
    }
  }
  query.groups = query.groups.slice(0, MAX_TERMS);
  return query;
}

export function isEmpty(query: ParsedQuery): boolean {
  return query.groups.length === 0 && query.phrases.length === 0;
}

/** SQLite FTS5 MATCH expression over the columns `raw` and `stems`. Tokens are [a-z0-9] only. */
export function toFts5(query: ParsedQuery): string {
  const group = (g: WordGroup) => {
    const parts = [
      ...g.prefixes.map((p) => (g.prefix && p.length >= MIN_PREFIX ? `raw : ${p}*` : `raw : ${p}`)),
      ...g.stems.map((s) => `stems : ${s}`),
    ];
    return `(${parts.join(' OR ')})`;
  };
  const phrase = (p: string[]) => `raw : "${p.join(' ')}"`;
  const positive = [...query.groups.map(group), ...query.phrases.map(phrase)].join(' AND ');
  const negative = [...query.excludedGroups.map(group), ...query.excludedPhrases.map(phrase)];
  return negative.length ? `${positive} NOT (${negative.join(' OR ')})` : positive;
}

/** PostgreSQL tsquery over one tsvector whose weight A holds `raw` and weight B holds `stems`. */
export function toTsquery(query: ParsedQuery): string {
  const group = (g: WordGroup) => {
    const parts = [
      ...g.prefixes.map((p) => (g.prefix && p.length >= MIN_PREFIX ? `${p}:*A` : `${p}:A`)),
      ...g.stems.map((s) => `${s}:B`),
    ];
    return `(${parts.join(' | ')})`;
  };
  const phrase = (p: string[]) => `(${p.map((w) => `${w}:A`).join(' <-> ')})`;
  const positive = [...query.groups.map(group), ...query.phrases.map(phrase)].join(' & ');
  const negative = [...query.excludedGroups.map(group), ...query.excludedPhrases.map(phrase)].map(
    (part) => `!${part}`,
  );
  return [positive, ...negative].join(' & ');
}

/** Highlights the query's words in a stretch of the original text: HTML-escaped, with <mark>. */
export function snippet(text: string, query: ParsedQuery, length = 180): string {
  const wanted = new Set(
    query.groups.flatMap((g) => [...g.stems]).concat(query.phrases.flat().flatMap(stemsOf)),
  );
  const prefixes = query.groups.flatMap((g) =>
    g.prefix ? g.prefixes.filter((p) => p.length >= MIN_PREFIX) : [],
  );
  const phraseWords = query.phrases.flat();
  // Stemming every word of every hit was most of a search's time (benchmark, 1M posts). Stems keep
  // a word's first two letters, so only words starting like something wanted are stemmed, once each.
  const openings = new Set([...wanted, ...prefixes, ...phraseWords].map((term) => term.slice(0, 2)));
  const known = new Map<string, boolean>();
  const matches = (word: string) => {
    const folded = fold(word);
    if (folded.length === 0 || !openings.has(folded.slice(0, 2))) return false;
    let found = known.get(folded);
    if (found === undefined) {
      found =
        stemsOf(folded).some((s) => wanted.has(s)) ||
        prefixes.some((p) => folded.startsWith(p)) ||
        phraseWords.includes(folded);
      known.set(folded, found);
    }
    return found;
  };
  const tokens = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/([\p{L}\p{N}]+)/u);
  const firstHit = tokens.findIndex((token, index) => index % 2 === 1 && matches(token));
  let start = 0;
  if (firstHit > 0) {
    // Start a few words before the first match, at the beginning of a word.
    const from = Math.max(0, firstHit - 12);
    start = tokens.slice(0, from % 2 === 1 ? from : from + 1).join('').length;
  }
  let out = '';
  let used = 0;
  let position = 0;
  for (const [index, token] of tokens.entries()) {
    const end = position + token.length;
    if (end > start) {
      const visible = position < start ? token.slice(start - position) : token;
      if (used + visible.length > length) break;
      out += index % 2 === 1 && matches(token) ? `<mark>${escapeHtml(visible)}</mark>` : escapeHtml(visible);
      used += visible.length;
    }
    position = end;
  }
  return `${start > 0 ? '…' : ''}${out}${position < text.length && used >= length ? '…' : ''}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Plain text of the Markdown subset, for indexing and snippets. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_>`~#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
