import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { EventDispatcher } from './events/events.js';
import type { AuthCache } from './http/auth-cache.js';
import type { KindRegistry } from './kinds/registry.js';
import type { Clock } from './lib/clock.js';
import type { LiveBus } from './live/bus.js';
import type { Mailer } from './mail/mailer.js';
import type { MembershipCache } from './modules/access/membership-cache.js';
import type { ItemCache } from './modules/stream/item-cache.js';
import type { Storage } from './storage/storage.js';

/** What every service needs, built once in buildApp and passed down explicitly. */
export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  mailer: Mailer;
  storage: Storage;
  log: FastifyBaseLogger;
  /** Domain events, published after commit; handlers create notifications and live pushes. */
  events: EventDispatcher;
  /** Carries live messages to the WebSocket connections on every node. */
  live: LiveBus;
  /** Sessions and tokens resolved recently on this node (absent in command-line tasks). */
  authCache?: AuthCache;
  /** What feed items show to everyone, on this node (absent in command-line tasks). */
  itemCache?: ItemCache;
  /** Each person's memberships, read recently on this node (absent in command-line tasks). */
  memberships?: MembershipCache;
  /** The content kinds (post, article, …): what feeds, search and notifications need of each. */
  kinds: KindRegistry;
}
