import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openDatabase } from './db/database.js';
import { attachReadPool, sqliteReadPool } from './db/read-pool.js';
import { type RegisteredRoute, registerAccess } from './http/access.js';
import type { Api } from './http/api.js';
import { AuthCache } from './http/auth-cache.js';
import { registerBodyTypes } from './http/body-types.js';
import { registerRequestDeadline } from './http/deadline.js';
import { errorBody, registerErrorHandling } from './http/errors.js';
import { registerIdempotency } from './http/idempotency.js';
import { liveRoutes } from './http/live.js';
import { loggerOptions } from './http/logging.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { hotPathSerializerCompiler } from './http/serializer.js';
import { builtInKinds } from './kinds/index.js';
import { type ContentKind, createKindRegistry } from './kinds/registry.js';
import { type Clock, systemClock } from './lib/clock.js';
import { localBus, redisBus } from './live/bus.js';
import { clusterBus } from './live/cluster-bus.js';
import { LiveHub } from './live/hub.js';
import { mailHandler } from './mail/mail.events.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { MembershipCache } from './modules/access/membership-cache.js';
import { articleEventsHandler, articleEventTypes } from './modules/articles/articles.events.js';
import { articlesRoutes } from './modules/articles/articles.routes.js';
import { startScheduler } from './modules/articles/articles.scheduler.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { commentsRoutes } from './modules/comments/comments.routes.js';
import { contentRoutes } from './modules/content/content.routes.js';
import { fediverseDeliveryHandler, fediverseSyncHandler } from './modules/fediverse/fediverse.events.js';
import { fediverseRoutes } from './modules/fediverse/fediverse.routes.js';
import { followsRoutes } from './modules/follows/follows.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import type { HealthState } from './modules/health/health.service.js';
import { ideasReviewerRight } from './modules/ideas/ideas.service.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { sealPlainSettingsSecrets } from './modules/identity/identity.secrets.js';
import { startLdapScheduler } from './modules/identity/ldap.sync.js';
import { staffLeadRight } from './modules/identity/staff-leads.service.js';
import { invitationsRoutes } from './modules/invitations/invitations.routes.js';
import { libraryRoutes } from './modules/library/library.routes.js';
import { newsroomRoutes } from './modules/newsroom/newsroom.routes.js';
import { notificationHandler } from './modules/notifications/notifications.events.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { unreadCount } from './modules/notifications/notifications.service.js';
import { organisationRoutes } from './modules/organisation/organisation.routes.js';
import { type NamedHandler, OutboxWorker } from './modules/outbox/outbox.worker.js';
import { reactionsRoutes } from './modules/reactions/reactions.routes.js';
import { searchIndexHandler } from './modules/search/search.events.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { indexIsEmpty, reindex } from './modules/search/search.service.js';
import { secondFactorRoutes } from './modules/second-factor/second-factor.routes.js';
import { sealPlainTotpSecrets } from './modules/second-factor/totp.service.js';
import { setupRoutes } from './modules/setup/setup.routes.js';
import { deskRight } from './modules/social/desk.service.js';
import { socialEventTypes, socialHandler } from './modules/social/social.events.js';
import { socialRoutes } from './modules/social/social.routes.js';
import { startSocialScheduler } from './modules/social/social.scheduler.js';
import { spacesRoutes } from './modules/spaces/spaces.routes.js';
import { itemCacheHandler } from './modules/stream/item-cache.events.js';
import { ITEM_CACHE_TTL_MS, ItemCache } from './modules/stream/item-cache.js';
import { liveStreamHandler } from './modules/stream/stream.events.js';
import { streamRoutes } from './modules/stream/stream.routes.js';
import { startSurveyReminders, surveyEventsHandler } from './modules/surveys/surveys.reminders.js';
import { surveysRoutes } from './modules/surveys/surveys.routes.js';
import { tokensRoutes } from './modules/tokens/tokens.routes.js';
import { storageCleanupHandler } from './modules/uploads/uploads.events.js';
import { uploadsRoutes } from './modules/uploads/uploads.routes.js';
import { startSweeper } from './modules/uploads/uploads.sweeper.js';
import { adminRightsRoutes } from './modules/users/admin-rights.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { webhookDeliveryHandler, webhookFanOutHandler } from './modules/webhooks/webhooks.events.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { sealPlainWebhookSecrets } from './modules/webhooks/webhooks.service.js';
import { type Storage, storageFor } from './storage/storage.js';

export interface AppDeps {
  clock?: Clock;
  database?: Database;
  mailer?: Mailer;
  storage?: Storage;
  /** Content kinds beyond the built-in ones (a test registers its own kind this way). */
  kinds?: ContentKind[];
  /** Where the built web app lives; defaults to dist/web next to the sources. */
  webRoot?: string;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    kantine: AppContext;
    registeredRoutes: RegisteredRoute[];
    liveHub: LiveHub;
    /** Readiness answers 503 once shutdown has begun, so load balancers stop sending requests. */
    health: HealthState;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultWebRoot = path.resolve(here, '../../dist/web');

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // Longer path parameters reach their schema and get a 400 that says why, not a 404 "No such endpoint".
    routerOptions: { maxParamLength: 1000 },
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>() as unknown as Api;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(hotPathSerializerCompiler);
  // Which worker process answered (KANTINE_WORKERS > 1), for operators and the cluster test.
  if (cluster.isWorker) {
    const workerId = String(cluster.worker?.id);
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('x-kantine-worker', workerId);
    });
  }

  const database =
    deps.database ??
    openDatabase(config.database, (error) => app.log.error({ err: error }, 'after-commit effect failed'), {
      connectMs: config.timeouts.dbConnectMs,
      statementMs: config.timeouts.dbStatementMs,
    });
  const ownsDatabase = !deps.database;
  await database.migrate();
  if (database.sqlite && !database.sqlite.memory && config.searchThreads > 0) {
    const readPool = sqliteReadPool(database.sqlite.name, config.searchThreads);
    attachReadPool(database.db, readPool);
    app.addHook('onReady', async () => readPool.warm());
    app.addHook('onClose', () => readPool.close());
  }
  const reportLiveError = (error: unknown) => app.log.error({ err: error }, 'live delivery failed');
  const health: HealthState = { nodeId: crypto.randomUUID(), shuttingDown: false };
  const live = config.redisUrl
    ? await redisBus(config.redisUrl, reportLiveError, health.nodeId)
    : cluster.isWorker
      ? clusterBus()
      : localBus();
  const ctx: AppContext = {
    config,
    database,
    clock: deps.clock ?? systemClock,
    mailer: deps.mailer ?? createMailer(config.smtpUrl, config.mailFrom, app.log),
    storage: deps.storage ?? storageFor(config),
    log: app.log,
    // Events published outside a transaction still go through the outbox (a transaction of their own).
    events: {
      publish: (event) => database.transaction(async (_trx, _afterCommit, emit) => emit(event)),
    },
    live,
    authCache: new AuthCache(config.authCacheMs),
    itemCache: new ItemCache(config.itemCacheBytes, ITEM_CACHE_TTL_MS),
    memberships: new MembershipCache(config.membershipCacheMs, live),
    kinds: createKindRegistry([...builtInKinds, ...(deps.kinds ?? [])]),
  };
  if (!config.secretKey)
    app.log.warn(
      'KANTINE_SECRET_KEY is not set: stored credentials (social media accounts, TOTP secrets, LDAP bind password, OIDC client secret, webhook signing secrets) are encrypted with a key kept in the data directory (secret.key)',
    );
  // Secrets an older version stored in plain text are sealed once (conditional updates: any node may).
  const sealed =
    (await sealPlainTotpSecrets(ctx)) +
    (await sealPlainSettingsSecrets(ctx)) +
    (await sealPlainWebhookSecrets(ctx));
  if (sealed > 0) app.log.info(`encrypted ${sealed} secrets stored in plain text by an earlier version`);
  // Kinds with their own handler (kinds/registry.ts `events`) run after the built-in ones.
  const kindHandlers = ctx.kinds.all.flatMap((kind) =>
    kind.events ? [{ name: `kind:${kind.name}`, ...kind.events }] : [],
  );
  const outbox = new OutboxWorker(ctx, [...eventHandlers, ...kindHandlers]);
  outbox.start();
  const hub = new LiveHub(database, reportLiveError, (userId) => unreadCount(ctx, userId));
  live.subscribe((envelope) => {
    if (envelope.invalidate) ctx.authCache?.invalidate(envelope.invalidate);
    if (envelope.items) ctx.itemCache?.invalidate(envelope.items);
    // Memberships follow their own messages, and also every space change (visibility, deletion,
    // members synced from a directory) and every person whose credentials end (deactivation).
    if (envelope.memberships) ctx.memberships?.invalidate(envelope.memberships);
    if (envelope.items?.spaceIds?.length) ctx.memberships?.invalidate({ spaceIds: envelope.items.spaceIds });
    const people = [...(envelope.items?.userIds ?? []), ...(envelope.invalidate?.userIds ?? [])];
    if (people.length > 0) ctx.memberships?.invalidate({ userIds: people });
    void hub.deliver(envelope);
  });
  app.decorate('kantine', ctx);
  app.decorate('liveHub', hub);
  app.decorate('health', health);
  app.addHook('preClose', async () => hub.closeAll());
  // Before the database closes (an onClose hook registered earlier): in-flight events finish first.
  app.addHook('preClose', async () => outbox.stop());
  app.addHook('onClose', async () => {
    ctx.mailer.close();
    await live.close();
    if (ownsDatabase) await database.close();
  });

  registerErrorHandling(app);
  registerRequestDeadline(app, config.timeouts);
  registerBodyTypes(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  registerSecurityHeaders(app);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 10 } });
  // After the cookie parser (the viewer comes from the cookie), before any route exists.
  app.decorate('registeredRoutes', registerAccess(app, ctx));
  registerIdempotency(app, ctx);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kantine API',
        version: '1',
        description:
          'The API behind Kantine. Authenticate with the session cookie or `Authorization: Bearer <personal access token>`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'kantine_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(async (api) => {
    const typed = api as unknown as Api;
    setupRoutes(typed, ctx);
    organisationRoutes(typed, ctx);
    authRoutes(typed, ctx);
    usersRoutes(typed, ctx);
    tokensRoutes(typed, ctx);
    invitationsRoutes(typed, ctx);
    spacesRoutes(typed, ctx);
    contentRoutes(typed, ctx);
    articlesRoutes(typed, ctx);
    newsroomRoutes(typed, ctx);
    fediverseRoutes(typed, ctx);
    streamRoutes(typed, ctx);
    commentsRoutes(typed, ctx);
    reactionsRoutes(typed, ctx);
    followsRoutes(typed, ctx);
    notificationsRoutes(typed, ctx);
    uploadsRoutes(typed, ctx);
    searchRoutes(typed, ctx);
    libraryRoutes(typed, ctx);
    identityRoutes(typed, ctx);
    secondFactorRoutes(typed, ctx);
    webhooksRoutes(typed, ctx, () => outbox.wake());
    liveRoutes(typed, hub, (userId) => unreadCount(ctx, userId));
    healthRoutes(typed, ctx, health);
    auditRoutes(typed, ctx);
    socialRoutes(typed, ctx);
    adminRightsRoutes(typed, ctx, [deskRight, ideasReviewerRight, staffLeadRight]);
    surveysRoutes(typed, ctx);
    for (const kind of ctx.kinds.all) kind.routes?.(typed, ctx);
  });

  await registerWebApp(app, deps.webRoot ?? defaultWebRoot);
  const stopScheduler = startScheduler(ctx, config.schedulerSeconds);
  app.addHook('onClose', async () => stopScheduler());
  const stopSocialScheduler = startSocialScheduler(ctx, config.schedulerSeconds);
  app.addHook('onClose', async () => stopSocialScheduler());
  const stopSurveyReminders = startSurveyReminders(ctx, config.schedulerSeconds);
  app.addHook('onClose', async () => stopSurveyReminders());
  const stopSweeper = startSweeper(ctx);
  app.addHook('onClose', async () => stopSweeper());
  const stopLdapSync = startLdapScheduler(ctx);
  app.addHook('onClose', async () => stopLdapSync());
  // An installation upgraded from before search, or restored from an older backup, builds its index once.
  // With several worker processes the first one alone rebuilds a missing index.
  if (
    (!cluster.isWorker || cluster.worker?.id === 1) &&
    (await indexIsEmpty(ctx)) &&
    (await database.db.selectFrom('users').select('id').limit(1).execute()).length > 0
  ) {
    void reindex(ctx).then((count) => app.log.info(`search index rebuilt: ${count} documents`));
  }
  return app;
}

/**
 * What the outbox runs for every event, in this order (each handler ignores the events it does not
 * care about). Live first: open feeds should hear of a new post before anything slower happens.
 * Names are stored with each event's finished handlers: renaming one runs it again for old events.
 */
const eventHandlers: NamedHandler[] = [
  // Before live: a client told of a change refetches, and must get the changed item.
  { name: 'item-cache', handle: itemCacheHandler },
  { name: 'live', handle: liveStreamHandler },
  { name: 'search', handle: searchIndexHandler },
  { name: 'notifications', handle: notificationHandler },
  { name: 'article-notifications', handle: articleEventsHandler, types: articleEventTypes },
  { name: 'webhooks', handle: webhookFanOutHandler },
  { name: 'webhook-delivery', handle: webhookDeliveryHandler, types: ['webhook.delivery'] },
  {
    name: 'fediverse',
    handle: fediverseSyncHandler,
    types: ['article.published', 'content.created', 'content.updated', 'content.deleted'],
  },
  { name: 'fediverse-delivery', handle: fediverseDeliveryHandler, types: ['fediverse.delivery'] },
  { name: 'storage', handle: storageCleanupHandler, types: ['storage.orphaned'] },
  { name: 'mail', handle: mailHandler, types: ['mail.requested'] },
  {
    name: 'social',
    handle: socialHandler,
    types: [...socialEventTypes],
  },
  { name: 'surveys', handle: surveyEventsHandler, types: ['survey.reminded'] },
];

/** Serves the built React app; every non-API path answers with index.html so the client router takes over. */
async function registerWebApp(app: Api, webRoot: string) {
  const indexFile = path.join(webRoot, 'index.html');
  const hasWeb = fs.existsSync(indexFile);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: 'index.html',
      // The build writes .br and .gz next to each text file (vite.config.ts); send those when accepted.
      preCompressed: true,
      // Our own Cache-Control below: with this on, @fastify/send overwrote it with `max-age=0`.
      cacheControl: false,
      setHeaders: (res, filePath) => {
        // Vite puts a content hash in every asset name, so those never change; index.html must always be fresh.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply
        .status(404)
        .send(
          errorBody(
            request.id,
            'not_found',
            hasWeb ? 'No such endpoint.' : 'No such endpoint (the web app is not built; run npm run build).',
          ),
        );
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  });
}
