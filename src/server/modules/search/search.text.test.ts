import { describe, expect, it } from 'vitest';
import { indexTerms, parseQuery, snippet, toFts5, toFts5Checked, toTsquery } from './search.text.js';

describe('search terms', () => {
  it('folds and stems German and English', () => {
    expect(indexTerms('Die Häuser an der Straße').stems.split(' ')).toEqual(
      expect.arrayContaining(['haus', 'strass']),
    );
    expect(indexTerms('Weekly meetings').stems.split(' ')).toContain('meet');
    expect(indexTerms('Frau Müller').raw).toBe('frau muller');
  });

  it('parses words, phrases and exclusions', () => {
    const query = parseQuery('Mueller "neue Halle" -Regen -"alte Halle"');
    expect(query.groups[0].prefixes).toEqual(['mueller', 'muller']);
    expect(query.phrases).toEqual([['neue', 'halle']]);
    expect(query.excludedGroups.map((g) => g.prefixes[0])).toEqual(['regen']);
    expect(query.excludedPhrases).toEqual([['alte', 'halle']]);
    expect(toFts5(query)).toBe(
      '(raw : mueller OR raw : muller OR stems : muell OR stems : mueller OR stems : mull OR stems : muller) AND raw : "neue halle" NOT ((raw : regen OR stems : reg OR stems : regen) OR raw : "alte halle")',
    );
    expect(toTsquery(parseQuery('-x Verk'))).toBe('(verk:*A | verk:B) & !(x:A | x:B)');
  });

  it('matches only the word still being typed as a prefix', () => {
    expect(toFts5(parseQuery('Haus Verk'))).toBe(
      '(raw : haus OR stems : haus) AND (raw : verk* OR stems : verk)',
    );
    expect(toFts5(parseQuery('Haus Verk '))).toBe(
      '(raw : haus OR stems : haus) AND (raw : verk OR stems : verk)',
    );
    expect(toTsquery(parseQuery('Haus Verk'))).toBe('(haus:A | haus:B) & (verk:*A | verk:B)');
  });

  it('shortens a prefix longer than the prefix index and checks the rest with LIKE', () => {
    expect(toFts5Checked(parseQuery('Haus Besprechung'))).toEqual({
      match: '(raw : haus OR stems : haus) AND (raw : besprech* OR stems : besprech OR stems : besprechung)',
      checks: [
        [
          { column: 'raw', pattern: '% besprechung%' },
          { column: 'stems', pattern: '% besprech %' },
          { column: 'stems', pattern: '% besprechung %' },
        ],
      ],
    });
    // Short prefixes, finished words and exclusions stay as they were.
    for (const q of ['Haus Verk', 'Besprechung ', 'Haus -Besprechung'])
      expect(toFts5Checked(parseQuery(q))).toEqual({ match: toFts5(parseQuery(q)), checks: [] });
  });

  it('ignores everything that is not a word (no query injection)', () => {
    expect(toFts5(parseQuery('a* OR "b" NEAR( ); DROP TABLE'))).not.toMatch(/;|\(\s*\)/);
    expect(parseQuery('   ').groups).toEqual([]);
  });

  it('highlights matches in an escaped snippet', () => {
    expect(snippet('Wir <b>grillen</b> im Sommer', parseQuery('Grill'))).toBe(
      'Wir &#60;b&#62;<mark>grillen</mark>&#60;/b&#62; im Sommer',
    );
  });
});
