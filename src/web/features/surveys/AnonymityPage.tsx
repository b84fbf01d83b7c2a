import { ShieldCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../../lib/queries';
import './surveys.css';

/** What Kantine stores for an anonymous survey, in words a works council can check against the tables. */
export function AnonymityPage() {
  const { t } = useTranslation();
  const minimum = useOrganisation().data?.surveyMinGroupSize ?? 5;
  const points = ['whether', 'counters', 'texts', 'groups', 'results', 'noIdempotency'] as const;
  return (
    <div className="page survey-anonymity">
      <h1 className="page-title">
        <ShieldCheck size={22} aria-hidden="true" /> {t('surveys.anonymity.title')}
      </h1>
      <p>{t('surveys.anonymity.intro')}</p>
      <ul className="card survey-anonymity-list">
        {points.map((point) => (
          <li key={point}>{t(`surveys.anonymity.${point}`, { count: minimum })}</li>
        ))}
      </ul>
      <p className="muted">{t('surveys.anonymity.limits')}</p>
    </div>
  );
}
