import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Redirect } from '../../components/Redirect';
import { useMe } from '../../lib/queries';
import { ImportSection } from '../identity/ImportSection';
import { LdapSettingsSection } from '../identity/LdapSettingsSection';
import { OidcSettingsSection } from '../identity/OidcSettingsSection';
import { StaffSection } from '../identity/StaffSection';
import {
  AdminSecondFactorGate,
  SecondFactorAdminSection,
  useAdminSecondFactorGate,
} from '../second-factor/SecondFactorAdminSection';
import { BrandingSection } from './BrandingSection';
import { InviteSection } from './InviteSection';
import { PeopleAdminSection } from './PeopleAdminSection';
import { PublicUrlSection } from './PublicUrlSection';
import { WebhooksSection } from './WebhooksSection';
import './accounts.css';

export const adminTabs = [
  'accounts',
  'invitations',
  'staff',
  'sso',
  'ldap',
  'webhooks',
  'branding',
  'settings',
] as const;
export type AdminTab = (typeof adminTabs)[number];

/** Administration in tabs that live in the URL (`?tab=`), so reload and back keep them. */
export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const search = useSearch({ from: '/app/admin' });
  const tab: AdminTab = adminTabs.find((value) => value === search.tab) ?? 'accounts';
  const gate = useAdminSecondFactorGate();
  if (me.role !== 'admin') return <Redirect to="/" />;
  if (gate.show)
    return (
      <div className="page">
        <h1 className="page-title">{t('admin.title')}</h1>
        <AdminSecondFactorGate lacking={gate.lacking} onDone={gate.done} />
      </div>
    );
  return (
    <div className="page">
      <h1 className="page-title">{t('admin.title')}</h1>
      <nav className="tabs admin-tabs" aria-label={t('adminTabs.label')}>
        {adminTabs.map((value) => (
          <Link
            key={value}
            to="/admin"
            search={{ tab: value === 'accounts' ? undefined : value }}
            className="tab"
            activeOptions={{ exact: true, includeSearch: true }}
            aria-current={value === tab ? 'page' : undefined}
          >
            {t(`adminTabs.${value}`)}
          </Link>
        ))}
      </nav>
      {tab === 'accounts' && <PeopleAdminSection />}
      {tab === 'invitations' && <InviteSection />}
      {tab === 'staff' && (
        <>
          <StaffSection />
          <ImportSection />
        </>
      )}
      {tab === 'sso' && <OidcSettingsSection />}
      {tab === 'ldap' && <LdapSettingsSection />}
      {tab === 'webhooks' && <WebhooksSection />}
      {tab === 'branding' && <BrandingSection part="branding" />}
      {tab === 'settings' && (
        <>
          <BrandingSection part="settings" />
          <PublicUrlSection />
          <SecondFactorAdminSection />
        </>
      )}
    </div>
  );
}
