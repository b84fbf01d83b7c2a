import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { CheckCircle2, Clock, ExternalLink, Megaphone, Pencil } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/api/articles';
import { Avatar } from '../../components/Avatar';
import { imageCredit } from '../../components/imageCredit';
import { ErrorMessage, PageLoading, RelativeTime } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { ItemParts } from '../kinds';
import { Comments } from '../stream/Comments';
import { Reactions } from '../stream/Reactions';
import { RichText } from '../stream/RichText';
import { EditorPanel } from './EditorPanel';
import { articlesApi, useArticle, useConfirmMustRead } from './queries';
import '../stream/stream.css';
import './articles.css';

function MustReadBox({ article }: { article: Article }) {
  const { t } = useTranslation();
  const confirm = useConfirmMustRead(article.id);
  if (!article.mustRead || article.state !== 'published' || !article.confirmation.required) return null;
  const confirmedAt = article.confirmation.confirmedAt;
  return (
    <section className={`card must-read-box${confirmedAt ? ' done' : ''}`} aria-labelledby="must-read-title">
      <h2 id="must-read-title">
        <Megaphone size={18} aria-hidden="true" /> {t('articles.mustRead')}
      </h2>
      {confirmedAt ? (
        <p>
          <CheckCircle2 size={16} aria-hidden="true" />{' '}
          {t('articles.confirmedAt', { date: new Date(confirmedAt).toLocaleString() })}
        </p>
      ) : (
        <>
          <p>
            {article.mustRead.deadline
              ? t('articles.mustReadUntil', {
                  date: new Date(article.mustRead.deadline).toLocaleDateString(),
                })
              : t('articles.mustReadText')}
          </p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => confirm.mutate()}
            disabled={confirm.isPending}
          >
            {t('articles.confirm')}
          </button>
          <p className="field-hint">{t('articles.privacyNote')}</p>
        </>
      )}
      <ErrorMessage error={confirm.error} />
    </section>
  );
}

/** One article in the intranet: the text with its credits, the must-read confirmation, reactions and comments. */
export function ArticlePage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/articles/$id' });
  const articleId = Number(id);
  const article = useArticle(articleId);
  const published = article.data?.state === 'published';
  const item = useQuery({
    queryKey: queryKeys.post(articleId),
    queryFn: () => articlesApi.item(articleId),
    enabled: published,
  });

  if (article.isPending || article.isError) return <PageLoading error={article.error} />;
  const data = article.data;
  const cover = data.cover;

  return (
    <div className="page page-with-aside">
      <article className="page-main article-view" aria-labelledby="article-title">
        {data.state !== 'published' && (
          <p className="alert alert-info">
            {t(`articles.stateNotice.${data.state}`, {
              date: data.scheduledAt ? new Date(data.scheduledAt).toLocaleString() : '',
            })}
          </p>
        )}
        {data.category && <span className="article-category">{data.category}</span>}
        <h1 id="article-title" className="article-title">
          {data.title}
        </h1>
        <div className="article-byline">
          <Avatar person={data.author} size={40} />
          <div>
            <Link to="/people/$id" params={{ id: String(data.author.id) }}>
              {data.author.name}
            </Link>
            <p className="muted">
              {data.publishedAt && <RelativeTime iso={data.publishedAt} />}
              {data.space && <> · {data.space.name}</>}
              {' · '}
              <Clock size={12} aria-hidden="true" />{' '}
              {t('articles.readingTime', { count: data.readingMinutes })}
              {data.editedAt && <> · {t('stream.edited')}</>}
            </p>
          </div>
          {data.permissions.edit && (
            <Link to="/articles/$id/edit" params={{ id: String(data.id) }} className="button">
              <Pencil size={16} aria-hidden="true" /> {t('stream.edit')}
            </Link>
          )}
        </div>
        {cover && (
          <figure className="article-cover">
            <img src={cover.url} alt="" width={cover.width ?? undefined} height={cover.height ?? undefined} />
            {cover.rights.creator && (
              <figcaption className="image-credit">{imageCredit(t, cover.rights)}</figcaption>
            )}
          </figure>
        )}
        <MustReadBox article={data} />
        {data.teaser && <p className="article-lead">{data.teaser}</p>}
        <RichText html={data.html} className="rich-text article-body" />
        {data.publicUrl && (
          <p>
            <a href={data.publicUrl} target="_blank" rel="noopener noreferrer">
              <ExternalLink size={14} aria-hidden="true" /> {t('articles.openPublic')}
            </a>
          </p>
        )}
        {/* What other kinds add to articles (a poll), from the article's feed item. */}
        {item.data && <ItemParts item={item.data} />}
        {item.data && (
          <div className="card article-discussion">
            <Reactions item={item.data} />
            <Comments item={item.data} expanded />
          </div>
        )}
      </article>
      {data.permissions.edit && (
        <aside className="page-aside" aria-label={t('articles.editorTools')}>
          <EditorPanel article={data} />
        </aside>
      )}
    </div>
  );
}
