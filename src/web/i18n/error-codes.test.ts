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
});
