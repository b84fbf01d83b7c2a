import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientErrorCodes, errorCodes, fieldErrorKinds } from '../../shared/api/errors.js';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const messages = { de: de.errors as Record<string, string>, en: en.errors as Record<string, string> };

describe('error codes', () => {
  it('are listed once each', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });

  for (const [language, errors] of Object.entries(messages)) {
    it(`every code the server or client can produce has a ${language} message`, () => {
      const missing = [...errorCodes, ...clientErrorCodes].filter((code) => !errors[code]?.trim());
      expect(missing, `add errors.<code> to src/web/i18n/${language}.json`).toEqual([]);
    });
  }

  it('every kind of field problem has a message in both languages', () => {
    for (const language of [de, en]) {
      const kinds = language.fieldErrors as Record<string, string>;
      expect(fieldErrorKinds.filter((kind) => !kinds[kind]?.trim())).toEqual([]);
    }
  });

  it('the German messages are not the English ones', () => {
    const same = errorCodes.filter((code) => messages.de[code] === messages.en[code]);
    expect(same).toEqual([]);
  });

  it('stay central: no text file of a feature carries error messages (an error can show on any page)', () => {
    const features = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'features');
    const files = fs
      .readdirSync(features)
      .flatMap((feature) =>
        ['de', 'en'].map((language) => path.join(features, feature, 'i18n', `${language}.json`)),
      )
      .filter((file) => fs.existsSync(file));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const texts = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(texts), file).not.toContain('errors');
      expect(Object.keys(texts), file).not.toContain('fieldErrors');
    }
  });
});
