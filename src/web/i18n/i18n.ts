import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

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

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'de',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLocale(locale: UiLocale) {
  localStorage.setItem('kantine.locale', locale);
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

document.documentElement.lang = initial;

export default i18n;
