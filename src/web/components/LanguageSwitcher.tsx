import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/api/users';
import { applyLocale, supportedLocales, type UiLocale } from '../i18n/i18n';
import { api } from '../lib/api';
import { queryKeys, useMe } from '../lib/queries';

/** Switches the UI language; for a logged-in person the choice is saved to their profile. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: UiLocale) => api<Me>('PATCH', '/api/v1/me', { locale }),
    onSuccess: (updated) => queryClient.setQueryData(queryKeys.me, updated),
  });
  function choose(locale: UiLocale) {
    applyLocale(locale);
    if (me.data) save.mutate(locale);
  }
  return (
    <fieldset className="language-switcher">
      <legend className="visually-hidden">{t('settings.language')}</legend>
      {supportedLocales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className={i18n.language === locale ? 'chip chip-active' : 'chip'}
          aria-pressed={i18n.language === locale}
          onClick={() => choose(locale)}
        >
          {locale === 'de' ? 'Deutsch' : 'English'}
        </button>
      ))}
    </fieldset>
  );
}
