import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type LiveMessage, type LiveMessageOf, liveMessage } from '../../shared/api/live';
import type { FeedItem, FeedPage } from '../../shared/api/stream';
import { api } from './api';
import { queryKeys } from './queries';

export type { LiveMessage } from '../../shared/api/live';
/** A new item of any kind, announced to a feed that may show it. */
export type NewItemMessage = LiveMessageOf<'post.created'>;

type Listener = (message: LiveMessage) => void;
const listeners = new Set<Listener>();

/** Subscribe to live messages (e.g. the "new posts" banner); returns the unsubscribe function. */
export function onLiveMessage(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type InfiniteFeed = { pages: FeedPage[]; pageParams: unknown[] };

/**
 * True while this tab is logging itself out. The server then tells every socket of the session
 * that it ended — this tab's too — and that message must not send the tab to /login: it is
 * already going there, or to the sign-in provider's logout page, and a second navigation would
 * win the race against the first.
 */
let loggingOut = false;

/** Around this tab's own logout: `true` before the request, `false` again if it failed. */
export function setLoggingOut(value: boolean) {
  loggingOut = value;
}

/** Applies a change to an item wherever it sits in cached feeds. */
export function updateCachedItem(
  queryClient: QueryClient,
  contentId: number,
  change: (item: FeedItem) => FeedItem | null,
) {
  queryClient.setQueriesData<InfiniteFeed>({ queryKey: queryKeys.feeds }, (data) => {
    if (!data?.pages) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.flatMap((item) => {
          if (item.id !== contentId) return [item];
          const next = change(item);
          return next ? [next] : [];
        }),
      })),
    };
  });
  queryClient.setQueryData<FeedItem>(queryKeys.post(contentId), (item) =>
    item ? (change(item) ?? undefined) : item,
  );
}

async function refreshItem(queryClient: QueryClient, contentId: number) {
  try {
    const fresh = await api<FeedItem>('GET', `/api/v1/content/${contentId}`);
    updateCachedItem(queryClient, contentId, () => fresh);
    void queryClient.invalidateQueries({ queryKey: queryKeys.comments(contentId) });
  } catch {
    updateCachedItem(queryClient, contentId, () => null);
  }
}

function handle(queryClient: QueryClient, message: LiveMessage) {
  switch (message.type) {
    case 'hello':
    case 'notification.created':
      queryClient.setQueryData(queryKeys.unread, message.data.unreadCount);
      if (message.type === 'notification.created')
        void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
      break;
    case 'reaction.changed':
      updateCachedItem(queryClient, message.data.contentId, (item) => ({
        ...item,
        // My own reaction is already shown optimistically; the counts come from the server.
        reactions: { ...item.reactions, counts: message.data.counts, total: message.data.total },
      }));
      break;
    case 'comment.changed':
    case 'content.updated':
      void refreshItem(queryClient, message.data.contentId);
      break;
    case 'content.deleted':
      updateCachedItem(queryClient, message.data.contentId, () => null);
      break;
    case 'session.ended':
      if (loggingOut) break;
      queryClient.clear();
      window.location.assign('/login');
      break;
  }
}

/**
 * One WebSocket per tab while logged in. Reconnects with exponential backoff and, after a gap,
 * refetches feeds and notifications so nothing missed stays missing.
 */
export function useLiveConnection(myId: number | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!myId) return;
    // A new login in this tab: its session's end, wherever it comes from, counts again.
    loggingOut = false;
    let socket: WebSocket | undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let connectedBefore = false;

    const connect = () => {
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/live`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        attempt = 0;
        if (connectedBefore) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.feeds });
          void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
        }
        connectedBefore = true;
      };
      socket.onmessage = (event) => {
        let message: LiveMessage;
        try {
          // Checked against the shared schema: a message this version does not know is ignored.
          const parsed = liveMessage.safeParse(JSON.parse(String(event.data)));
          if (!parsed.success) return;
          message = parsed.data;
        } catch {
          return;
        }
        handle(queryClient, message);
        for (const listener of listeners) listener(message);
      };
      socket.onclose = (event) => {
        if (stopped || event.code === 4001) return;
        const delay = Math.min(30_000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
        attempt++;
        timer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [myId, queryClient]);
}
