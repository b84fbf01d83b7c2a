import i18n from './i18n';

type Texts = Record<string, unknown>;

/**
 * Texts that come with a lazily loaded page rather than with the first download (which carries the
 * German texts of every screen and must stay small): a `<name>.de.json` and `<name>.en.json` next to
 * the page, each holding its own top-level keys, which the English file's later arrival (a shallow
 * merge) leaves alone. A language is only added to once its own texts are there, so that English is
 * still fetched as usual. Call it while rendering, with the current language. The messages test
 * (messages.test.ts) reads these files along with de.json and en.json.
 */
export function withPageTexts(texts: { de: Texts; en: Texts }, language: string) {
  for (const lng of ['de', language]) {
    const own = lng === 'de' || lng === 'en' ? texts[lng] : undefined;
    if (!own || !i18n.hasResourceBundle(lng, 'translation')) continue;
    const missing = Object.keys(own).filter((key) => !i18n.getResource(lng, 'translation', key));
    if (missing.length > 0) i18n.addResourceBundle(lng, 'translation', own, true, false);
  }
}
