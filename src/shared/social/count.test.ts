import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import {
  channelLength,
  checkPost,
  graphemes,
  mastodonLength,
  shareUrl,
  utf8Bytes,
  xLength,
} from './count.js';

describe('Mastodon counting (500; URLs 23; remote mentions by their local part)', () => {
  it('counts every URL as 23 characters, however long', () => {
    expect(mastodonLength('Schaut mal: https://example.com/a/very/long/path?with=query&and=more')).toBe(
      12 + 23,
    );
    expect(mastodonLength('http://x.de und https://y.de/z')).toBe(23 + 5 + 23);
  });
  it('counts @user@domain as @user', () => {
    expect(mastodonLength('Hallo @anna@mastodon.social!')).toBe('Hallo @anna!'.length);
    expect(mastodonLength('Mail an anna@example.com')).toBe('Mail an anna@example.com'.length);
  });
  it('counts what a reader sees as one character once', () => {
    expect(mastodonLength('👩‍👩‍👧 é')).toBe(3);
  });
  it('allows exactly 500', () => {
    expect(checkPost('mastodon', 'a'.repeat(500), [])).toEqual([]);
    expect(checkPost('mastodon', 'a'.repeat(501), [])).toEqual([
      { code: 'too_long', limit: 500, count: 501 },
    ]);
  });
});

describe('Bluesky counting (300 graphemes and at most 3,000 UTF-8 bytes)', () => {
  it('counts graphemes, not code units or code points', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(family.length).toBe(11);
    expect(channelLength('bluesky', family)).toBe(1);
    expect(channelLength('bluesky', 'Straße')).toBe(6);
    expect(channelLength('bluesky', 'e\u0301')).toBe(1);
  });
  it('refuses 301 graphemes and more than 3,000 bytes even under 300 graphemes', () => {
    expect(checkPost('bluesky', 'ä'.repeat(300), [])).toEqual([]);
    expect(checkPost('bluesky', 'ä'.repeat(301), [])[0]).toMatchObject({ code: 'too_long', count: 301 });
    const heavy = '👨‍👩‍👧‍👦'.repeat(200); // 200 graphemes, 25 bytes each
    expect(graphemes(heavy)).toHaveLength(200);
    expect(utf8Bytes(heavy)).toBe(5000);
    expect(checkPost('bluesky', heavy, [])).toEqual([{ code: 'too_many_bytes', limit: 3000, count: 5000 }]);
  });
});

describe('X counting (280 weighted, as twitter-text counts)', () => {
  const samples = [
    'Hallo Welt',
    'Mehr unter https://example.com/news/2026/ein-sehr-langer-artikel-titel?utm=none',
    '日本語のテキスト',
    'Emoji 🎉 und Familie 👨‍👩‍👧‍👦 und Flagge 🇩🇪',
    'Ümlaute äöü ß – “Anführungszeichen” …',
    'Zwei Links: http://a.de und https://b.example.org/x.',
    '한국어와 中文 mixed with English',
  ];
  for (const sample of samples) {
    it(`agrees with twitter-text: ${sample.slice(0, 30)}`, () => {
      expect(xLength(sample)).toBe(twitter.parseTweet(sample).weightedLength);
    });
  }
  it('counts URLs 23 and CJK twice', () => {
    expect(xLength(`https://example.com/${'x'.repeat(100)}`)).toBe(23);
    expect(xLength('日本')).toBe(4);
    expect(checkPost('x', '日'.repeat(140), [])).toEqual([]);
    expect(checkPost('x', '日'.repeat(141), [])).toEqual([{ code: 'too_long', limit: 280, count: 282 }]);
  });
});

describe('other channels and pictures', () => {
  it('knows LinkedIn 3,000, Instagram 2,200 and Facebook 63,206', () => {
    expect(checkPost('linkedin', 'a'.repeat(3001), [])[0]).toMatchObject({ code: 'too_long', limit: 3000 });
    expect(checkPost('instagram', 'a'.repeat(2201), [{ alt: 'x' }])[0]).toMatchObject({
      code: 'too_long',
      limit: 2200,
    });
    expect(checkPost('facebook', 'a'.repeat(63206), [])).toEqual([]);
    expect(checkPost('facebook', 'a'.repeat(63207), [])[0]).toMatchObject({ code: 'too_long', limit: 63206 });
  });
  it('requires an alt text for every picture, and a picture on Instagram', () => {
    expect(checkPost('mastodon', 'Hallo', [{ alt: 'Team' }, { alt: ' ' }])).toEqual([
      { code: 'alt_missing', picture: 1 },
    ]);
    expect(checkPost('instagram', 'Hallo', [])).toEqual([{ code: 'picture_required', limit: 1, count: 0 }]);
    expect(checkPost('bluesky', 'Hallo', Array(5).fill({ alt: 'x' }))).toEqual([
      { code: 'too_many_pictures', limit: 4, count: 5 },
    ]);
    expect(checkPost('mastodon', '  ', [])).toEqual([{ code: 'empty' }]);
  });
  it('prepares the networks’ own share pages', () => {
    expect(shareUrl('linkedin', 'Text', 'https://firma.de/news/a')).toBe(
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Ffirma.de%2Fnews%2Fa',
    );
    expect(shareUrl('x', 'Neu!', 'https://firma.de/a')).toBe(
      `https://x.com/intent/post?text=${encodeURIComponent('Neu!\n\nhttps://firma.de/a')}`,
    );
  });
});
