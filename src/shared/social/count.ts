/**
 * Character counting of every social network, shared by the server (which refuses to publish a
 * post over a limit) and the web app (which counts live while the desk writes), so both agree.
 *
 * The rules, as the networks document them:
 * - Mastodon: 500 characters; every URL counts 23, a mention `@user@domain` counts only `@user`.
 * - Bluesky: 300 graphemes (what a reader sees as one character) and at most 3,000 UTF-8 bytes.
 * - X: 280 "weighted" characters: code points in Latin and general punctuation ranges weigh 1,
 *   all others (CJK, most symbols) 2, an emoji (even a multi-code-point sequence) 2, a URL 23;
 *   text is NFC-normalised first (twitter-text configuration v3).
 * - LinkedIn 3,000, Instagram caption 2,200, Facebook 63,206 characters.
 * Every picture needs an alt text; Mastodon, Bluesky and X take at most 4 pictures, Instagram
 * needs at least one.
 */

export const channels = ['mastodon', 'bluesky', 'x', 'linkedin', 'instagram', 'facebook', 'xing'] as const;
export type Channel = (typeof channels)[number];
/** Channels Kantine publishes to through their open API; the others are prepared and shared by hand. */
export const apiChannels: readonly Channel[] = ['mastodon', 'bluesky'];

export interface ChannelRules {
  maxLength: number;
  /** Bluesky also limits the UTF-8 size of the text. */
  maxBytes?: number;
  maxPictures: number;
  minPictures: number;
}

export const channelRules: Record<Channel, ChannelRules> = {
  mastodon: { maxLength: 500, maxPictures: 4, minPictures: 0 },
  bluesky: { maxLength: 300, maxBytes: 3000, maxPictures: 4, minPictures: 0 },
  x: { maxLength: 280, maxPictures: 4, minPictures: 0 },
  linkedin: { maxLength: 3000, maxPictures: 9, minPictures: 0 },
  instagram: { maxLength: 2200, maxPictures: 10, minPictures: 1 },
  facebook: { maxLength: 63206, maxPictures: 10, minPictures: 0 },
  xing: { maxLength: 3000, maxPictures: 1, minPictures: 0 },
};

export type ProblemCode =
  | 'empty'
  | 'too_long'
  | 'too_many_bytes'
  | 'alt_missing'
  | 'too_many_pictures'
  | 'picture_required';
export interface Problem {
  code: ProblemCode;
  /** The limit broken and the count reached (for too_long, too_many_bytes, pictures). */
  limit?: number;
  count?: number;
  /** Which picture (0-based) lacks its alt text. */
  picture?: number;
}

/** http(s) URLs as the networks find them: up to whitespace, without trailing punctuation. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/giu;
const URL_WEIGHT = 23;
const MASTODON_MENTION =
  /(^|[^\p{L}\p{N}_/])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[a-z0-9.-]+\.[a-z0-9]+/giu;

let segmenter: Intl.Segmenter | undefined;
export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Mastodon: graphemes, each URL 23, remote mentions by their local part. */
export function mastodonLength(text: string): number {
  const placeholder = 'x'.repeat(URL_WEIGHT);
  const counted = text.replace(URL_PATTERN, placeholder).replace(MASTODON_MENTION, '$1@$2');
  return graphemes(counted).length;
}

/** Code point ranges weighing 1 in X's counting; everything else weighs 2. */
const LIGHT_RANGES: Array<[number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

function codePointWeight(codePoint: number): number {
  return LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

/** X: weighted length (see the module comment). */
export function xLength(text: string): number {
  const normalized = text.normalize('NFC');
  let length = 0;
  let rest = normalized;
  for (const match of normalized.match(URL_PATTERN) ?? []) {
    length += URL_WEIGHT;
    rest = rest.replace(match, ' ');
    length -= 1; // the space that stands in for the URL below
  }
  for (const cluster of graphemes(rest)) {
    if (EMOJI.test(cluster)) {
      length += 2;
      continue;
    }
    for (const char of cluster) length += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return length;
}

/** The length of a text as the channel counts it. */
export function channelLength(channel: Channel, text: string): number {
  switch (channel) {
    case 'mastodon':
      return mastodonLength(text);
    case 'bluesky':
      return graphemes(text).length;
    case 'x':
      return xLength(text);
    default:
      return Array.from(text).length;
  }
}

/** Every limit of the channel a post breaks; publishing is refused while there is one. */
export function checkPost(channel: Channel, text: string, media: Array<{ alt: string }>): Problem[] {
  const rules = channelRules[channel];
  const problems: Problem[] = [];
  if (text.trim() === '' && media.length === 0) problems.push({ code: 'empty' });
  const length = channelLength(channel, text);
  if (length > rules.maxLength) problems.push({ code: 'too_long', limit: rules.maxLength, count: length });
  if (rules.maxBytes !== undefined) {
    const bytes = utf8Bytes(text);
    if (bytes > rules.maxBytes)
      problems.push({ code: 'too_many_bytes', limit: rules.maxBytes, count: bytes });
  }
  if (media.length > rules.maxPictures)
    problems.push({ code: 'too_many_pictures', limit: rules.maxPictures, count: media.length });
  if (media.length < rules.minPictures)
    problems.push({ code: 'picture_required', limit: rules.minPictures, count: media.length });
  media.forEach((item, picture) => {
    if (item.alt.trim() === '') problems.push({ code: 'alt_missing', picture });
  });
  return problems;
}

/** The network's own share page for channels without an open API (the desk posts there by hand). */
export function shareUrl(channel: Channel, text: string, link: string | null): string | null {
  const withLink = link && !text.includes(link) ? `${text}\n\n${link}` : text;
  switch (channel) {
    case 'x':
      return `https://x.com/intent/post?text=${encodeURIComponent(withLink)}`;
    case 'linkedin':
      return link
        ? `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(link)}`
        : 'https://www.linkedin.com/feed/';
    case 'facebook':
      return link
        ? `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(link)}`
        : 'https://www.facebook.com/';
    case 'xing':
      return link
        ? `https://www.xing.com/spi/shares/new?url=${encodeURIComponent(link)}`
        : 'https://www.xing.com/';
    case 'instagram':
      return 'https://www.instagram.com/';
    case 'mastodon':
      return `https://mastodon.social/share?text=${encodeURIComponent(withLink)}`;
    case 'bluesky':
      return `https://bsky.app/intent/compose?text=${encodeURIComponent(withLink)}`;
  }
}
