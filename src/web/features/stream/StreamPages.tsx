import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Hash } from 'lucide-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedItem } from '../../../shared/api/stream';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queries';
import { Feed } from './Feed';
import { PostCard } from './PostCard';
import './stream.css';

const never = () => false;

export function HashtagPage() {
  const { t } = useTranslation();
  const { tag } = useParams({ from: '/app/hashtags/$tag' });
  const belongsHere = useCallback(never, []);
  return (
    <div className="page">
      <h1 className="page-title">
        <Hash size={28} aria-hidden="true" /> {tag}
      </h1>
      <Feed
        feedKey={`tag-${tag}`}
        url={`/api/v1/hashtags/${encodeURIComponent(tag)}/feed`}
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
    queryKey: queryKeys.post(Number(id)),
    queryFn: () => api<FeedItem>('GET', `/api/v1/content/${Number(id)}`),
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
