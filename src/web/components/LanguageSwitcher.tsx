import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyLocale, supportedLocales, type UiLocale } from '../i18n/i18n';
import { meApi, queryKeys, useMe } from '../lib/queries';

/** Switches the UI language; for a logged-in person the choice is saved to their profile. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: UiLocale) => meApi.update({ locale }),
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
