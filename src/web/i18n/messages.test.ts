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
const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) =>
  fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Messages) : {};
const featureTextDirs = fs
  .readdirSync(path.join(web, 'features'))
  .filter((feature) => fs.existsSync(path.join(web, 'features', feature, 'i18n')));

// The central texts and every feature's own (`features/<feature>/i18n/`, see bundles.ts).
const textFiles = [
  { name: 'src/web/i18n', de: flatten(de), en: flatten(en) },
  ...featureTextDirs.map((feature) => {
    const dir = path.join(web, 'features', feature, 'i18n');
    return {
      name: `features/${feature}/i18n`,
      de: flatten(read(path.join(dir, 'de.json'))),
      en: flatten(read(path.join(dir, 'en.json'))),
    };
  }),
];

describe('German and English messages', () => {
  it('are found centrally and in the features, one German and one English file each', () => {
    expect(featureTextDirs.length).toBeGreaterThan(5);
    for (const feature of featureTextDirs)
      expect(fs.readdirSync(path.join(web, 'features', feature, 'i18n')).sort(), feature).toEqual([
        'de.json',
        'en.json',
      ]);
  });

  for (const { name, de: german, en: english } of textFiles) {
    it(`${name}: have exactly the same keys and no empty text`, () => {
      expect(Object.keys(german).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of [...Object.entries(german), ...Object.entries(english)])
        expect(text.trim(), key).not.toBe('');
    });

    it(`${name}: use the same placeholders in both languages`, () => {
      const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const key of Object.keys(german))
        expect(placeholders(english[key]), key).toEqual(placeholders(german[key]));
    });
  }

  it('define every key in one place only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { name, de: german } of textFiles)
      for (const key of Object.keys(german)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)} and ${name})`);
        seen.set(key, name);
      }
    expect(twice).toEqual([]);
  });

  it('every feature text file is one of the bundles the app can load', () => {
    const bundles = fs.readFileSync(path.join(web, 'i18n', 'bundles.ts'), 'utf8');
    for (const { name } of textFiles.slice(1))
      for (const language of ['de', 'en'])
        expect(bundles, `add ${name} to src/web/i18n/bundles.ts`).toContain(
          `import('../${name}/${language}.json')`,
        );
  });

  it('contain every key the components use', () => {
    const known = new Set(textFiles.flatMap(({ de: german }) => Object.keys(german).map(baseKey)));
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
    walk(web);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });
});
