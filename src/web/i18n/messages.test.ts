import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result[full] = value;
    else Object.assign(result, flatten(value, full));
  }
  return result;
}

const baseKey = (key: string) => key.replace(/_(one|other)$/, '');

/** Texts that come with a lazily loaded page (i18n/pageTexts.ts): `<name>.de.json` next to `<name>.en.json`. */
function pageTexts(locale: 'de' | 'en'): Messages {
  const result: Messages = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith(`.${locale}.json`))
        Object.assign(result, JSON.parse(fs.readFileSync(file, 'utf8')));
    }
  };
  walk(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../features'));
  return result;
}

describe('German and English messages', () => {
  const german = { ...flatten(de), ...flatten(pageTexts('de')) };
  const english = { ...flatten(en), ...flatten(pageTexts('en')) };

  it('have exactly the same keys and no empty text', () => {
    expect(Object.keys(german).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of [...Object.entries(german), ...Object.entries(english)])
      expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(german))
      expect(placeholders(english[key]), key).toEqual(placeholders(german[key]));
  });

  it('contain every key the components use', () => {
    const known = new Set(Object.keys(german).map(baseKey));
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.tsx')) {
          for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g))
            used.add(match[1]);
        }
      }
    };
    walk(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });
});
