import { describe, expect, it } from 'vitest';
import { extractHashtags, extractMentions } from '../../shared/markup.js';
import { mentionedUserIds, renderBody, withMentionNames } from './markdown.js';

describe('the Markdown subset', () => {
  it('renders bold, italics, lists, quotes and links', () => {
    const html = renderBody(
      '**fett** und _kursiv_\n\n- eins\n- zwei\n\n> Zitat\n\n[Seite](https://example.com)',
    );
    expect(html).toContain('<strong>fett</strong>');
    expect(html).toContain('<em>kursiv</em>');
    expect(html).toContain('<li>eins</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">Seite</a>',
    );
  });

  it('never lets HTML or script through', () => {
    for (const evil of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '<a href="javascript:alert(1)">x</a>',
    ]) {
      const html = renderBody(evil);
      expect(html).not.toMatch(/<script|<img|<[a-z]+ [^>]*on[a-z]+=|href="(javascript|data)/i);
    }
  });

  it('links known mentions and every hashtag', () => {
    const html = renderBody(
      'Danke @anna.m und @unbekannt für #Sommerfest2026! mail@example.com',
      new Map([['anna.m', 7]]),
    );
    expect(html).toContain('<a href="/people/7" class="mention">@anna.m</a>');
    expect(html).not.toContain('unbekannt</a>');
    expect(html).toContain('<a href="/hashtags/sommerfest2026" class="hashtag">#Sommerfest2026</a>');
    expect(extractMentions('Hallo @Anna.M, @bernd und mail@example.com')).toEqual(['anna.m', 'bernd']);
    expect(extractHashtags('#Grillen #grillen #2026 #Straßenfest &#39;')).toEqual(['grillen', 'straßenfest']);
  });

  it('takes letters, digits, _ and inner hyphens into a hashtag (#IT-Hilfe is one tag)', () => {
    expect(extractHashtags('Frag bei #IT-Hilfe nach')).toEqual(['it-hilfe']);
    expect(extractHashtags('#Qualität_2026 #Grüße #Q3-2026-Planung')).toEqual([
      'qualität_2026',
      'grüße',
      'q3-2026-planung',
    ]);
    // A hyphen that does not join two parts ends the tag; a number alone is no tag.
    expect(extractHashtags('#Sommer- und #Winterfest #IT--Hilfe #2026-2027')).toEqual([
      'sommer',
      'winterfest',
      'it',
    ]);
    expect(extractHashtags(`#${'a'.repeat(51)} https://example.com/#anchor`)).toEqual([]);
    const html = renderBody('Frag bei #IT-Hilfe.');
    expect(html).toContain('<a href="/hashtags/it-hilfe" class="hashtag">#IT-Hilfe</a>.');
  });

  it('shows mentions with the person’s current name when served', () => {
    const stored = renderBody(
      'Danke @anna.m & @bernd!',
      new Map([
        ['anna.m', 7],
        ['bernd', 8],
      ]),
    );
    expect(mentionedUserIds(stored)).toEqual([7, 8]);
    const names = new Map([[7, 'Anna <Müller>']]);
    const shown = withMentionNames(stored, (id) => names.get(id));
    expect(shown).toContain('<a href="/people/7" class="mention">Anna &lt;Müller&gt;</a>');
    expect(shown).toContain('<a href="/people/8" class="mention">@bernd</a>');
  });
});
