import { useTranslation } from 'react-i18next';
import { Redirect } from '../../components/Redirect';
import { useMe } from '../../lib/queries';
import { BrandingSection } from './BrandingSection';
import { InviteSection } from './InviteSection';
import { PeopleAdminSection } from './PeopleAdminSection';
import { WebhooksSection } from './WebhooksSection';

export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  if (me.role !== 'admin') return <Redirect to="/" />;
  return (
    <div className="page">
      <h1 className="page-title">{t('admin.title')}</h1>
      <InviteSection />
      <PeopleAdminSection />
      <BrandingSection />
      <WebhooksSection />
    </div>
  );
}
