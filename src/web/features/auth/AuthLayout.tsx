import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { useOrganisation } from '../../lib/queries';
import './auth.css';

/** The frame of every page one sees before logging in: a calm card with the organisation's brand. */
export function AuthLayout({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const organisation = useOrganisation();
  const name = organisation.data && !organisation.data.setupRequired ? organisation.data.name : 'Kantine';
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          {organisation.data?.logoUrl ? (
            <img src={organisation.data.logoUrl} alt="" className="brand-logo" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              K
            </span>
          )}
          <span className="brand-name">{name}</span>
        </div>
        <h1>{title}</h1>
        {intro && <div className="auth-intro">{intro}</div>}
        {children}
      </div>
      <footer className="auth-footer">
        <LanguageSwitcher />
        <span>{t('auth.poweredBy')}</span>
      </footer>
    </main>
  );
}
