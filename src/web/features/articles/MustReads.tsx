import { Link } from '@tanstack/react-router';
import { Megaphone } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useOpenMustReads } from './queries';
import '../spaces/spaces.css';

/** The right column's reminder of what the viewer still has to read and confirm. */
export function MustReads() {
  const { t } = useTranslation();
  const open = useOpenMustReads();
  const items = open.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card card-highlight" aria-labelledby="must-reads">
      <h2 id="must-reads">
        <Megaphone size={18} aria-hidden="true" /> {t('articles.mustReadsTitle')}
      </h2>
      <ul className="space-links">
        {items.map((article) => (
          <li key={article.id}>
            <Link to="/articles/$id" params={{ id: String(article.id) }}>
              {article.title}
            </Link>
            {article.mustRead?.deadline && (
              <small className="muted">
                {' '}
                {t('articles.until', { date: new Date(article.mustRead.deadline).toLocaleDateString() })}
              </small>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
