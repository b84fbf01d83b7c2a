import { useTranslation } from 'react-i18next';
import { IdeasBoard } from './IdeasBoard';

/** "Ideen": the company-wide ideas board (space boards are a tab of each space). */
export function IdeasPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1 className="page-title">{t('ideas.title')}</h1>
      <p className="muted">{t('ideas.intro')}</p>
      <IdeasBoard canSubmit />
    </div>
  );
}
