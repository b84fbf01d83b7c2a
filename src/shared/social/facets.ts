/**
 * Bluesky rich-text facets: links, mentions and hashtags of a post's text with their positions as
 * UTF-8 byte offsets (byteStart inclusive, byteEnd exclusive), as the AT Protocol documents them.
 * Mentions carry the handle; the server resolves it to a DID before posting.
 */
export type FacetFeature =
  | { kind: 'link'; uri: string }
  | { kind: 'mention'; handle: string }
  | { kind: 'tag'; tag: string };
export interface Facet {
  byteStart: number;
  byteEnd: number;
  feature: FacetFeature;
}

const encoder = new TextEncoder();
const byteOffset = (text: string, index: number) => encoder.encode(text.slice(0, index)).length;

const LINK = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/giu;
const MENTION =
  /(^|[\s(])@([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+)/gu;
const TAG = /(^|\s)#([^\s#.,;:!?()[\]{}"'’”]*[^\d\s#.,;:!?()[\]{}"'’”][^\s#.,;:!?()[\]{}"'’”]*)/gu;

export function detectFacets(text: string): Facet[] {
  const facets: Facet[] = [];
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    facets.push({
      byteStart: byteOffset(text, start),
      byteEnd: byteOffset(text, start + match[0].length),
      feature: { kind: 'link', uri: match[0] },
    });
  }
  const insideLink = (byte: number) =>
    facets.some((f) => f.feature.kind === 'link' && byte >= f.byteStart && byte < f.byteEnd);
  for (const match of text.matchAll(MENTION)) {
    const start = (match.index ?? 0) + match[1].length;
    const end = start + 1 + match[2].length;
    const byteStart = byteOffset(text, start);
    if (insideLink(byteStart)) continue;
    facets.push({
      byteStart,
      byteEnd: byteOffset(text, end),
      feature: { kind: 'mention', handle: match[2].toLowerCase() },
    });
  }
  for (const match of text.matchAll(TAG)) {
    const start = (match.index ?? 0) + match[1].length;
    const end = start + 1 + match[2].length;
    const byteStart = byteOffset(text, start);
    if (insideLink(byteStart) || match[2].length > 64) continue;
    facets.push({ byteStart, byteEnd: byteOffset(text, end), feature: { kind: 'tag', tag: match[2] } });
  }
  return facets.sort((a, b) => a.byteStart - b.byteStart);
}
