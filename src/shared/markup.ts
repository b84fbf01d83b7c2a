/**
 * Mentions (`@handle`) and hashtags (`#tag`) in the Markdown subset that posts and comments use.
 * The one parser for both: the server stores tags and links what it finds, the composer shows
 * while typing what will become a tag.
 *
 * Hashtag rule: `#` followed by letters (any script, so umlauts and ß too), digits and `_`, with
 * single hyphens inside (`#IT-Hilfe`, `#Q3-2026`); at least one letter; a trailing hyphen ends
 * the tag (`#IT-` is `#IT`); at most 50 characters. Tags compare case-insensitively.
 */
export const mentionPattern = /(^|[^\p{L}\p{N}_@./])@([a-z0-9][a-z0-9._-]{0,28}[a-z0-9])/giu;
export const hashtagPattern = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*)/gu;

export const MAX_HASHTAG_LENGTH = 50;

export interface Found {
  /** Where the `@` or `#` stands. */
  start: number;
  /** Just after the last character. */
  end: number;
  /** As written, without `@`/`#`. */
  text: string;
  /** Lower-cased: the handle or tag. */
  key: string;
}

export function findMentions(text: string): Found[] {
  return [...text.matchAll(new RegExp(mentionPattern.source, mentionPattern.flags))].map((match) => {
    const start = (match.index ?? 0) + match[1].length;
    return { start, end: start + match[2].length + 1, text: match[2], key: match[2].toLowerCase() };
  });
}

export function findHashtags(text: string): Found[] {
  return [...text.matchAll(new RegExp(hashtagPattern.source, hashtagPattern.flags))].flatMap((match) => {
    const tag = match[2];
    if (!/\p{L}/u.test(tag) || tag.length > MAX_HASHTAG_LENGTH) return [];
    const start = (match.index ?? 0) + match[1].length;
    return [{ start, end: start + tag.length + 1, text: tag, key: tag.toLowerCase() }];
  });
}

export function extractMentions(text: string): string[] {
  return [...new Set(findMentions(text).map((found) => found.key))];
}

export function extractHashtags(text: string): string[] {
  return [...new Set(findHashtags(text).map((found) => found.key))];
}
