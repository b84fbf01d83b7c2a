import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowUp } from 'lucide-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedPage } from '../../../shared/api/stream';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import { type NewItemMessage, onLiveMessage } from '../../lib/live';
import { useMe } from '../../lib/queries';
import { PostCard } from './PostCard';
import { streamApi, streamKeys } from './queries';
import './stream.css';

/**
 * A stream of posts with cursor pagination. New posts from others that belong here are announced
 * ("3 neue Beiträge") rather than pushed into the list while someone is reading.
 */
export function Feed({
  feedKey,
  url,
  belongsHere,
  empty,
  composer,
}: {
  feedKey: string;
  url: string;
  belongsHere: (message: NewItemMessage) => boolean;
  empty: ReactNode;
  composer?: ReactNode;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<number[]>([]);
  const feed = useInfiniteQuery({
    queryKey: streamKeys.feed(feedKey),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => streamApi.feedPage(url, pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });

  useEffect(() => {
    setFresh([]);
    return onLiveMessage((message) => {
      if (message.type !== 'post.created' || message.data.authorId === me?.id || !belongsHere(message))
        return;
      setFresh((ids) => (ids.includes(message.data.contentId) ? ids : [...ids, message.data.contentId]));
    });
  }, [belongsHere, me?.id]);

  async function showFresh() {
    setFresh([]);
    await queryClient.resetQueries({ queryKey: streamKeys.feed(feedKey) });
    window.scrollTo({ top: 0, behavior: 'smooth' });
  }

  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="feed">
      {composer}
      {fresh.length > 0 && (
        <button type="button" className="new-posts-banner" onClick={showFresh} aria-live="polite">
          <ArrowUp size={16} aria-hidden="true" /> {t('stream.newPosts', { count: fresh.length })}
        </button>
      )}
      <ErrorMessage error={feed.error} />
      {feed.isPending ? (
        <div className="card">
          <Skeleton lines={5} />
        </div>
      ) : items.length === 0 ? (
        <div className="card">{empty}</div>
      ) : (
        items.map((item) => <PostCard key={item.id} item={item} />)
      )}
      {feed.hasNextPage && (
        <button
          type="button"
          className="button button-block"
          onClick={() => feed.fetchNextPage()}
          disabled={feed.isFetchingNextPage}
        >
          {feed.isFetchingNextPage ? t('common.loading') : t('stream.more')}
        </button>
      )}
      {!feed.hasNextPage && items.length > 5 && <EmptyState title={t('stream.end')} />}
    </div>
  );
}

/** Puts a just-written post at the top of a feed without waiting for a refetch. */
export function usePrepend(feedKey: string) {
  const queryClient = useQueryClient();
  return (item: FeedPage['items'][number]) =>
    queryClient.setQueryData<{ pages: FeedPage[]; pageParams: unknown[] }>(
      streamKeys.feed(feedKey),
      (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page, index) =>
                index === 0 ? { ...page, items: [item, ...page.items] } : page,
              ),
            }
          : data,
    );
}
