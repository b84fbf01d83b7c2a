import { describe, expect, it } from 'vitest';
import { foldText, foldTextExpanded, handleFromName, searchableText } from './text.js';

describe('text folding for search', () => {
  it('folds case, diacritics and ß', () => {
    expect(foldText('Jürgen GROSS Straße Café')).toBe('jurgen gross strasse cafe');
    expect(foldTextExpanded('Müller Öztürk Bär')).toBe('mueller oeztuerk baer');
  });

  it('keeps both spellings of umlauts so either query finds the person', () => {
    const text = searchableText(['Anna Müller']);
    expect(text).toContain('muller');
    expect(text).toContain('mueller');
    expect(searchableText(['Plain Name'])).toBe('plain name');
  });

  it('derives handles from names', () => {
    expect(handleFromName('Jürgen Groß')).toBe('juergen.gross');
    expect(handleFromName('Dr. Eva-Maria  von Ü')).toBe('dr.eva.maria.von.ue');
    expect(handleFromName('李')).toBe('user');
    expect(handleFromName('A').length).toBeGreaterThanOrEqual(2);
  });
});
