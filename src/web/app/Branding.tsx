import { useEffect } from 'react';
import { applyLocale, browserLocale } from '../i18n/i18n';
import { useMe, useOrganisation } from '../lib/queries';

/** Applies the organisation's colour and name, and the viewer's language, to the whole page. */
export function Branding() {
  const organisation = useOrganisation();
  const me = useMe();

  useEffect(() => {
    if (!organisation.data) return;
    document.documentElement.style.setProperty('--brand', organisation.data.primaryColor);
    document.title = organisation.data.setupRequired ? 'Kantine' : `${organisation.data.name} · Kantine`;
  }, [organisation.data]);

  useEffect(() => {
    // The person's own choice wins; otherwise the browser's language; otherwise the organisation's default.
    const chosen =
      me.data?.locale ??
      localStorage.getItem('kantine.locale') ??
      browserLocale() ??
      organisation.data?.defaultLocale;
    if (chosen === 'de' || chosen === 'en') applyLocale(chosen);
  }, [me.data?.locale, organisation.data?.defaultLocale]);

  return null;
}
