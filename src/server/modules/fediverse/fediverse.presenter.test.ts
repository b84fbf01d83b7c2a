import { describe, expect, it } from 'vitest';
import { noteText } from './fediverse.text.js';

describe('noteText', () => {
  it('turns a Mastodon reply into plain text without the leading mention', () => {
    const html =
      '<p><span class="h-card" translate="no"><a href="https://x.example/@news" class="u-url mention">@<span>news</span></a></span> Toll &amp; weiter so!</p><p>Zweiter<br>Absatz &#x1F389; &lt;b&gt;</p>';
    expect(noteText(html)).toBe('Toll & weiter so!\n\nZweiter\nAbsatz 🎉 <b>');
  });

  it('drops a full @news@host mention and ignores impossible character references', () => {
    expect(noteText('@news@firma.example Hallo&#1114112; &#0;Welt')).toBe('Hallo Welt');
  });
});
