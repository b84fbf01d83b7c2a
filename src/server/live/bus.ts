import { EventEmitter } from 'node:events';
import type { LiveMessage } from '../../shared/api/live.js';
import type { AuthInvalidation } from '../http/auth-cache.js';
import type { MembershipInvalidation } from '../modules/access/membership-cache.js';
import type { ItemInvalidation } from '../modules/stream/item-cache.js';

/** Who should receive a live message; each node checks visibility for its own connections. */
export type LiveAudience =
  | { kind: 'users'; userIds: number[] }
  | { kind: 'content'; contentId: number }
  | { kind: 'space'; spaceId: number | null };

export type { LiveMessage } from '../../shared/api/live.js';

export interface LiveEnvelope {
  audience: LiveAudience;
  message: LiveMessage;
  /** Close these users' connections after delivering (logout everywhere, deactivation). */
  close?: boolean;
  /**
   * Narrows delivery (and closing) to the connections opened with one of these credentials — a
   * session that logged out, a revoked access token — or spares the connections of one session
   * (the browser that just changed its password).
   */
  credentials?: { sessionIds?: string[]; tokenIds?: number[]; exceptSessionId?: string };
  /** Cached sessions and tokens every node drops (logout, revocation, deactivation, password change). */
  invalidate?: AuthInvalidation;
  /** Cached feed items and id lists every node drops (stream/item-cache.ts). */
  items?: ItemInvalidation;
  /** Cached memberships every node drops (access/membership-cache.ts). */
  memberships?: MembershipInvalidation;
  /**
   * The message is a `notification.created` whose unread count the delivering node reads for each
   * recipient it has a connection of: counted only for people online, not for everyone notified.
   */
  countUnread?: boolean;
}

/** What a WebSocket was opened with: a session (by its stored id) or a personal access token. */
export interface LiveCredential {
  sessionId?: string;
  tokenId?: number;
}

/** Whether a connection opened with `credential` is addressed by the envelope's credential filter. */
export function credentialMatches(filter: LiveEnvelope['credentials'], credential: LiveCredential): boolean {
  if (!filter) return true;
  if (filter.exceptSessionId !== undefined && credential.sessionId === filter.exceptSessionId) return false;
  if (!filter.sessionIds && !filter.tokenIds) return true;
  return (
    (credential.sessionId !== undefined && (filter.sessionIds ?? []).includes(credential.sessionId)) ||
    (credential.tokenId !== undefined && (filter.tokenIds ?? []).includes(credential.tokenId))
  );
}

/** Carries live messages to every app node: in-process with one node, Redis pub/sub with several. */
export interface LiveBus {
  /**
   * Delivers to this node's sockets at once and hands the message on to the other nodes; never
   * waits for them. `confirm`: waits (briefly, see CONFIRM_MS) until Redis has taken the message,
   * so it is on its way to every node before the caller answers (cache invalidations that narrow
   * what someone may read).
   */
  publish(envelope: LiveEnvelope, options?: { confirm?: boolean }): Promise<void>;
  subscribe(handler: (envelope: LiveEnvelope) => void): void;
  /** `off`: a single node without Redis; `down`: Redis configured but unreachable (live events stay on this node). */
  status(): 'up' | 'down' | 'off';
  /**
   * Changes whenever this node may have missed messages of other nodes (Redis connection lost):
   * caches drop what they stored before. Constant for buses that lose nothing.
   */
  epoch(): number;
  close(): Promise<void>;
}

export function localBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(envelope) {
      emitter.emit('message', envelope);
    },
    subscribe(handler) {
      emitter.on('message', handler);
    },
    status: () => 'off',
    epoch: () => 0,
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'kantine:live';
/** Messages kept for the other nodes while Redis is away; older ones are dropped (clients refetch on reconnect). */
const MAX_PENDING = 1000;
/** Reconnect attempts at most this far apart, so nodes resume within about a second after Redis returns. */
const MAX_RECONNECT_DELAY_MS = 1000;
const ERROR_LOG_INTERVAL_MS = 30_000;
/** How long a confirmed publish waits for Redis at most; a slower Redis only makes the answer wait less. */
const CONFIRM_MS = 250;

interface WireMessage {
  /** The node that published it: that node delivered it to its own sockets already. */
  origin: string;
  envelope: LiveEnvelope;
}

/**
 * Redis pub/sub between nodes, built so that Redis being away costs only the cross-node part:
 * the node starts without it and connects when it comes, publishing never waits (no offline queue,
 * no retries per command; a bounded queue of pending messages is sent once Redis is back), and
 * messages are delivered to this node's own sockets first. A node skips its own messages when they
 * come back from Redis.
 */
export async function redisBus(
  url: string,
  onError: (error: unknown) => void,
  nodeId: string = crypto.randomUUID(),
): Promise<LiveBus> {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  };
  // Loaded only with REDIS_URL: a single node never needs the client (~20 MB, ~0.1 s at start).
  const { Redis } = await import('ioredis');
  const publisher = new Redis(url, options);
  // The subscriber subscribes on every (re)connect itself; a SUBSCRIBE queued while Redis was away
  // would be dropped by `maxRetriesPerRequest` and never repeated.
  const subscriber = new Redis(url, { ...options, autoResubscribe: false });
  let subscribed = false;
  let lastErrorLog = 0;
  const reportThrottled = (error: unknown) => {
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    onError(error);
  };
  publisher.on('error', reportThrottled);
  subscriber.on('error', reportThrottled);

  const handlers: Array<(envelope: LiveEnvelope) => void> = [];
  const deliverLocally = (envelope: LiveEnvelope) => {
    for (const handler of handlers) handler(envelope);
  };
  subscriber.on('message', (_channel: string, raw: string) => {
    let wire: WireMessage;
    try {
      wire = JSON.parse(raw);
    } catch (error) {
      onError(error);
      return;
    }
    if (wire.origin !== nodeId) deliverLocally(wire.envelope);
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(CHANNEL).then(() => {
      subscribed = true;
    }, reportThrottled);
  });
  let epoch = 0;
  subscriber.on('close', () => {
    subscribed = false;
    epoch++;
  });

  const pending: string[] = [];
  const send = (raw: string) => {
    publisher.publish(CHANNEL, raw).catch((error: unknown) => {
      reportThrottled(error);
      keep(raw);
    });
  };
  const keep = (raw: string) => {
    pending.push(raw);
    if (pending.length > MAX_PENDING) pending.shift();
  };
  publisher.on('ready', () => {
    for (const raw of pending.splice(0)) send(raw);
  });

  return {
    async publish(envelope, options) {
      deliverLocally(envelope);
      const raw = JSON.stringify({ origin: nodeId, envelope } satisfies WireMessage);
      if (publisher.status !== 'ready') keep(raw);
      else if (!options?.confirm) send(raw);
      else {
        // Redis answers PUBLISH after queueing the message to every subscriber.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          publisher.publish(CHANNEL, raw).catch((error: unknown) => {
            reportThrottled(error);
            keep(raw);
          }),
          new Promise((resolve) => {
            timer = setTimeout(resolve, CONFIRM_MS);
          }),
        ]);
        clearTimeout(timer);
      }
    },
    subscribe(handler) {
      handlers.push(handler);
    },
    status: () => (publisher.status === 'ready' && subscribed ? 'up' : 'down'),
    epoch: () => epoch,
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
