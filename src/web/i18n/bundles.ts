import type { UiLocale } from './i18n';

type Texts = { default: Record<string, unknown> };

/**
 * The texts that live with a feature (`features/<feature>/i18n/de.json` and `en.json`), loaded
 * with the feature's code instead of the first download. A route names the bundles its page
 * needs in `router.tsx` (`withTexts`); `texts.test.ts` checks that every key a page uses is in
 * the central files or in one of its bundles.
 */
export const textBundles = {
  admin: {
    de: () => import('../features/admin/i18n/de.json'),
    en: () => import('../features/admin/i18n/en.json'),
  },
  articles: {
    de: () => import('../features/articles/i18n/de.json'),
    en: () => import('../features/articles/i18n/en.json'),
  },
  auth: {
    de: () => import('../features/auth/i18n/de.json'),
    en: () => import('../features/auth/i18n/en.json'),
  },
  fediverse: {
    de: () => import('../features/fediverse/i18n/de.json'),
    en: () => import('../features/fediverse/i18n/en.json'),
  },
  ideas: {
    de: () => import('../features/ideas/i18n/de.json'),
    en: () => import('../features/ideas/i18n/en.json'),
  },
  identity: {
    de: () => import('../features/identity/i18n/de.json'),
    en: () => import('../features/identity/i18n/en.json'),
  },
  notifications: {
    de: () => import('../features/notifications/i18n/de.json'),
    en: () => import('../features/notifications/i18n/en.json'),
  },
  orgchart: {
    de: () => import('../features/orgchart/i18n/de.json'),
    en: () => import('../features/orgchart/i18n/en.json'),
  },
  people: {
    de: () => import('../features/people/i18n/de.json'),
    en: () => import('../features/people/i18n/en.json'),
  },
  search: {
    de: () => import('../features/search/i18n/de.json'),
    en: () => import('../features/search/i18n/en.json'),
  },
  'second-factor': {
    de: () => import('../features/second-factor/i18n/de.json'),
    en: () => import('../features/second-factor/i18n/en.json'),
  },
  settings: {
    de: () => import('../features/settings/i18n/de.json'),
    en: () => import('../features/settings/i18n/en.json'),
  },
  social: {
    de: () => import('../features/social/i18n/de.json'),
    en: () => import('../features/social/i18n/en.json'),
  },
  spaces: {
    de: () => import('../features/spaces/i18n/de.json'),
    en: () => import('../features/spaces/i18n/en.json'),
  },
  surveys: {
    de: () => import('../features/surveys/i18n/de.json'),
    en: () => import('../features/surveys/i18n/en.json'),
  },
  transparency: {
    de: () => import('../features/transparency/i18n/de.json'),
    en: () => import('../features/transparency/i18n/en.json'),
  },
} satisfies Record<string, Record<UiLocale, () => Promise<Texts>>>;

export type TextBundle = keyof typeof textBundles;
