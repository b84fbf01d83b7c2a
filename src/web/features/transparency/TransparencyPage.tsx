import { Link } from '@tanstack/react-router';
import { ShieldCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../../lib/queries';
import './transparency.css';

/*
 * "Transparenz & Datenschutz": in plain words what Kantine stores and who can see it, for everyone
 * who is logged in. Every statement describes the code as it is (checked against it when written;
 * docs/ARCHITECTURE.md names where): change the page whenever what it describes changes.
 */
const sections = [
  { id: 'readReceipts', points: ['noReading', 'mustRead', 'whoSees', 'notifications'] },
  { id: 'polls', points: ['whether', 'counters', 'final', 'named'] },
  { id: 'surveys', points: ['whether', 'answers', 'groups', 'named'] },
  { id: 'admins', points: ['can', 'spaces', 'noFigures', 'anonymous', 'database'] },
  { id: 'thirdParties', points: ['browser', 'noTracking', 'server'] },
  { id: 'audit', points: ['records', 'notRecorded'] },
  { id: 'technical', points: ['sessions', 'log'] },
] as const;

export function TransparencyPage() {
  const { t } = useTranslation();
  // The organisation's minimum group size for survey results (organisation.survey_min_group_size).
  const minimum = useOrganisation().data?.surveyMinGroupSize ?? 5;
  return (
    <div className="page transparency">
      <h1 className="page-title">
        <ShieldCheck size={22} aria-hidden="true" /> {t('transparencyDetails.title')}
      </h1>
      <p className="transparency-intro">{t('transparencyDetails.intro')}</p>
      {sections.map((section) => (
        <section key={section.id} className="card" aria-labelledby={`transparency-${section.id}`}>
          <h2 id={`transparency-${section.id}`}>{t(`transparencyDetails.${section.id}.title`)}</h2>
          <ul className="transparency-list">
            {section.points.map((point) => (
              <li key={point}>{t(`transparencyDetails.${section.id}.${point}`, { count: minimum })}</li>
            ))}
          </ul>
          {section.id === 'surveys' && (
            <p>
              <Link to="/surveys/anonymity">{t('transparencyDetails.surveyDetails')}</Link>
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
