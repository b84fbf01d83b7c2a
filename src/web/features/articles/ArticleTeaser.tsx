import { Link } from '@tanstack/react-router';
import { CheckCircle2, Clock, Megaphone } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ArticleItem } from '../../../shared/api/articles';
import { ErrorMessage } from '../../components/ui';
import { useConfirmMustRead } from './queries';
import '../stream/stream.css';
import './articles.css';

/** How an article shows in a feed: cover, title, teaser, and for a must-read the confirm button. */
export function ArticleTeaser({ item }: { item: ArticleItem }) {
  const { t } = useTranslation();
  const article = item.article;
  const confirm = useConfirmMustRead(item.id);
  return (
    <div className="article-teaser">
      {article.mustRead && (
        <p className={`must-read-flag${article.confirmed ? ' done' : ''}`}>
          <Megaphone size={16} aria-hidden="true" /> {t('articles.mustRead')}
          {article.confirmed && (
            <span>
              {' · '}
              <CheckCircle2 size={14} aria-hidden="true" /> {t('articles.confirmed')}
            </span>
          )}
        </p>
      )}
      {article.coverUrl && (
        <Link to="/articles/$id" params={{ id: String(item.id) }} tabIndex={-1} aria-hidden="true">
          <img className="article-teaser-cover" src={article.coverUrl} alt="" loading="lazy" />
        </Link>
      )}
      {article.category && <span className="article-category">{article.category}</span>}
      <h3 className="article-teaser-title">
        <Link to="/articles/$id" params={{ id: String(item.id) }}>
          {article.title}
        </Link>
      </h3>
      {article.teaser && <p>{article.teaser}</p>}
      <p className="muted article-teaser-meta">
        <Clock size={14} aria-hidden="true" /> {t('articles.readingTime', { count: article.readingMinutes })}
        {' · '}
        <Link to="/articles/$id" params={{ id: String(item.id) }}>
          {t('articles.readMore')}
        </Link>
      </p>
      {article.mustRead && !article.confirmed && (
        <button
          type="button"
          className="button button-primary"
          onClick={() => confirm.mutate()}
          disabled={confirm.isPending}
        >
          {t('articles.confirm')}
        </button>
      )}
      <ErrorMessage error={confirm.error} />
    </div>
  );
}
