import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Hash } from 'lucide-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import { Feed } from './Feed';
import { PostCard } from './PostCard';
import { feedSources, streamApi, streamKeys } from './queries';
import './stream.css';

const never = () => false;

export function HashtagPage() {
  const { t } = useTranslation();
  const { tag } = useParams({ from: '/app/hashtags/$tag' });
  const belongsHere = useCallback(never, []);
  const feed = feedSources.hashtag(tag);
  return (
    <div className="page">
      <h1 className="page-title">
        <Hash size={28} aria-hidden="true" /> {tag}
      </h1>
      <Feed
        feedKey={feed.key}
        url={feed.url}
        belongsHere={belongsHere}
        empty={<EmptyState title={t('stream.emptyTag', { tag })} />}
      />
    </div>
  );
}

/** One post with all its comments: where notifications lead. */
export function PostPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/posts/$id' });
  const item = useQuery({
    queryKey: streamKeys.post(Number(id)),
    queryFn: () => streamApi.item(Number(id)),
  });
  return (
    <div className="page">
      <h1 className="visually-hidden">{t('stream.post')}</h1>
      {item.isPending ? (
        <Skeleton lines={5} />
      ) : item.isError ? (
        <ErrorMessage error={item.error} />
      ) : (
        <PostCard item={item.data} expandComments />
      )}
    </div>
  );
}
