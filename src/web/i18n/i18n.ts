import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
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

// German is built in (it is also the fallback); English is fetched when someone uses it, which
// keeps the first download small.
const laterLocales: Record<Exclude<UiLocale, 'de'>, () => Promise<{ default: object }>> = {
  en: () => import('./en.json'),
};

async function loadLocale(locale: UiLocale) {
  if (locale === 'de' || i18n.hasResourceBundle(locale, 'translation')) return;
  const messages = await laterLocales[locale]();
  i18n.addResourceBundle(locale, 'translation', messages.default);
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
  localStorage.setItem('kantine.locale', locale);
  document.documentElement.lang = locale;
  void loadLocale(locale)
    .then(() => (i18n.language === locale ? undefined : i18n.changeLanguage(locale)))
    .catch(() => undefined);
}

document.documentElement.lang = initial;

export default i18n;
