import { useTranslation } from 'react-i18next';
import { Redirect } from '../../components/Redirect';
import { useMe } from '../../lib/queries';
import { ImportSection } from '../identity/ImportSection';
import { OidcSettingsSection } from '../identity/OidcSettingsSection';
import { StaffSection } from '../identity/StaffSection';
import { BrandingSection } from './BrandingSection';
import { InviteSection } from './InviteSection';
import { PeopleAdminSection } from './PeopleAdminSection';

export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  if (me.role !== 'admin') return <Redirect to="/" />;
  return (
    <div className="page">
      <h1 className="page-title">{t('admin.title')}</h1>
      <InviteSection />
      <PeopleAdminSection />
      <StaffSection />
      <ImportSection />
      <BrandingSection />
      <OidcSettingsSection />
    </div>
  );
}
