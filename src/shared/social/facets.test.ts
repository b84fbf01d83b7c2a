import { describe, expect, it } from 'vitest';
import { detectFacets } from './facets.js';

const slice = (text: string, facet: { byteStart: number; byteEnd: number }): string =>
  Buffer.from(text, 'utf8').subarray(facet.byteStart, facet.byteEnd).toString('utf8');

describe('Bluesky facets (UTF-8 byte offsets)', () => {
  it('finds links, mentions and tags after multi-byte characters', () => {
    const text = 'Grüße 🎉 an @anna.bsky.social: https://example.com/a?b=c. #Sommerfest!';
    const facets = detectFacets(text);
    expect(facets.map((facet) => [facet.feature, slice(text, facet)])).toEqual([
      [{ kind: 'mention', handle: 'anna.bsky.social' }, '@anna.bsky.social'],
      [{ kind: 'link', uri: 'https://example.com/a?b=c' }, 'https://example.com/a?b=c'],
      [{ kind: 'tag', tag: 'Sommerfest' }, '#Sommerfest'],
    ]);
    expect(facets[0].byteStart).toBe(Buffer.byteLength('Grüße 🎉 an '));
  });
  it('ignores e-mail addresses, numeric tags and anchors inside links', () => {
    expect(detectFacets('mail anna@example.com #2026 https://x.de/#top')).toEqual([
      { byteStart: 28, byteEnd: 45, feature: { kind: 'link', uri: 'https://x.de/#top' } },
    ]);
  });
});
