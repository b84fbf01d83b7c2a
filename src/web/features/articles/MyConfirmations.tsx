import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../components/ui';
import { articleKeys, articlesApi } from './queries';
import './articles.css';

/** What Kantine records about my reading: only my own must-read confirmations, shown to me. */
export function MyConfirmations() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: articleKeys.myConfirmations,
    queryFn: articlesApi.myConfirmations,
  });
  return (
    <section className="card" aria-labelledby="settings-confirmations">
      <h2 id="settings-confirmations">{t('articles.myConfirmations')}</h2>
      <p className="field-hint">{t('articles.myConfirmationsHint')}</p>
      {list.data?.items.length === 0 ? (
        <p className="muted">{t('articles.noConfirmations')}</p>
      ) : (
        <ul className="row-list compact">
          {list.data?.items.map((item) => (
            <li key={item.articleId}>
              <Link to="/articles/$id" params={{ id: String(item.articleId) }}>
                {item.title}
              </Link>
              <small className="muted">
                <RelativeTime iso={item.confirmedAt} />
              </small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
