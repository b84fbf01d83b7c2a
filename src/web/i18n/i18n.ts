import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type TextBundle, textBundles } from './bundles';
import de from './de.json';

export const supportedLocales = ['de', 'en'] as const;
export type UiLocale = (typeof supportedLocales)[number];

/** The browser's preference when it is one we speak; undefined otherwise. */
export function browserLocale(): UiLocale | undefined {
  for (const language of navigator.languages ?? [navigator.language]) {
    const short = language.slice(0, 2).toLowerCase();
    if (short === 'de' || short === 'en') return short;
  }
  return undefined;
}

const stored = localStorage.getItem('kantine.locale');
const initial: UiLocale = stored === 'en' || stored === 'de' ? stored : (browserLocale() ?? 'de');
/** The language asked for last (the one shown may still be loading). */
let wanted: UiLocale = initial;

// The central texts (app shell, feed, composer, login, errors) in German are built in (German is
// also the fallback); English is fetched when someone uses it, which keeps the first download small.
const laterLocales: Record<Exclude<UiLocale, 'de'>, () => Promise<{ default: object }>> = {
  en: () => import('./en.json'),
};

// A feature's own texts (`textBundles`) come with its code: `withTexts` below. Every bundle a page
// used stays registered, so a change of language loads that language's part of each.
const usedBundles = new Set<TextBundle>();
const loads = new Map<string, Promise<void>>();

/** Loads a set of texts once (again only after a failure: offline, the next navigation retries). */
function loadOnce(key: string, locale: UiLocale, load: () => Promise<{ default: object }>): Promise<void> {
  let pending = loads.get(key);
  if (!pending) {
    pending = load().then((texts) => {
      // Deep merge: the central texts and every feature's share one namespace, with distinct keys.
      i18n.addResourceBundle(locale, 'translation', texts.default, true, true);
    });
    pending.catch(() => loads.delete(key));
    loads.set(key, pending);
  }
  return pending;
}

const loadBundle = (bundle: TextBundle, locale: UiLocale) =>
  loadOnce(`${bundle}:${locale}`, locale, textBundles[bundle][locale]);

async function loadLocale(locale: UiLocale) {
  await Promise.all([
    locale === 'de' ? undefined : loadOnce(`central:${locale}`, locale, laterLocales[locale]),
    ...[...usedBundles].map((bundle) => loadBundle(bundle, locale)),
  ]);
}

/**
 * Loads a page's module together with its feature texts (in the language shown and the one asked
 * for), so the page never renders raw keys: `lazyRouteComponent(() => withTexts('surveys', () =>
 * import('../features/surveys/SurveysPage')), 'SurveysPage')`.
 */
export async function withTexts<T>(bundles: TextBundle | TextBundle[], load: () => Promise<T>): Promise<T> {
  const names = Array.isArray(bundles) ? bundles : [bundles];
  for (const name of names) usedBundles.add(name);
  const locales = new Set<UiLocale>([wanted, i18n.language === 'en' ? 'en' : 'de']);
  const [page] = await Promise.all([
    load(),
    ...names.flatMap((name) => [...locales].map((locale) => loadBundle(name, locale))),
  ]);
  return page;
}

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de } },
  lng: initial,
  fallbackLng: 'de',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves once the first language's texts are there (German at worst): the app renders then. */
export const i18nReady: Promise<unknown> = loadLocale(initial)
  .then(() => i18n.changeLanguage(initial))
  .catch(() => undefined);

export function applyLocale(locale: UiLocale) {
  wanted = locale;
  localStorage.setItem('kantine.locale', locale);
  document.documentElement.lang = locale;
  void loadLocale(locale)
    // A later choice wins over an earlier one whose texts arrived late.
    .then(() => (wanted !== locale || i18n.language === locale ? undefined : i18n.changeLanguage(locale)))
    .catch(() => undefined);
}

document.documentElement.lang = initial;

export default i18n;
