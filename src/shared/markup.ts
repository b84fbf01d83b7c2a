/** Mentions (`@handle`) and hashtags (`#tag`) in the Markdown subset that posts and comments use. */
export const mentionPattern = /(^|[^\p{L}\p{N}_@./])@([a-z0-9][a-z0-9._-]{0,28}[a-z0-9])/giu;
export const hashtagPattern = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;

export const MAX_HASHTAG_LENGTH = 50;

export function extractMentions(text: string): string[] {
  return [...new Set([...text.matchAll(mentionPattern)].map((match) => match[2].toLowerCase()))];
}

export function extractHashtags(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(hashtagPattern)]
        .map((match) => match[2].toLowerCase())
        .filter((tag) => tag.length <= MAX_HASHTAG_LENGTH),
    ),
  ];
}
