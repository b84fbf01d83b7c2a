import { Link } from '@tanstack/react-router';
import { ShieldCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/queries';
import { useGuidelines } from './queries';

/** The right column (and the desk) reminds a person with the right of guidelines they have not confirmed. */
export function GuidelinesNotice() {
  const { t } = useTranslation();
  const me = useMe();
  const guidelines = useGuidelines(me.data?.permissions.socialMedia === true);
  if (!guidelines.data?.guidelines || guidelines.data.confirmedAt) return null;
  return (
    <section className="card card-highlight" aria-labelledby="social-guidelines-notice">
      <h2 id="social-guidelines-notice">
        <ShieldCheck size={18} aria-hidden="true" /> {t('social.guidelines.noticeTitle')}
      </h2>
      <p>{t('social.guidelines.noticeText')}</p>
      <Link to="/social/guidelines">{guidelines.data.guidelines.title}</Link>
    </section>
  );
}
