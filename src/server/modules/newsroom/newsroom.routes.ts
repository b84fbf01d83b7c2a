import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  guestComment,
  guestCommentPage,
  guestCommentsQuery,
  moderationParams,
} from '../../../shared/api/articles.js';
import { type Locale, text } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { linkBaseOf } from '../../http/urls.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import { buildFeed, sitemap } from './newsroom.feeds.js';
import { newsroomMessages } from './newsroom.messages.js';
import {
  articlePage,
  type CommentFormState,
  listPage,
  localHref,
  notFoundPage,
  type PageContext,
} from './newsroom.pages.js';
import * as repo from './newsroom.repo.js';
import * as newsroom from './newsroom.service.js';

const tags = ['newsroom'];
const FEED_SIZE = 30;
const PAGE_SIZE = 10;
const SITEMAP_SIZE = 5000;
const langQuery = z.object({ lang: z.enum(['de', 'en']).optional() });

async function pageContext(ctx: AppContext, request: FastifyRequest, here?: string): Promise<PageContext> {
  const organisation = await findOrganisation(ctx.database.db);
  const asked = (request.query as { lang?: Locale } | undefined)?.lang;
  const locale: Locale = asked ?? (organisation?.default_locale === 'en' ? 'en' : 'de');
  return {
    organisation,
    locale,
    messages: newsroomMessages[locale],
    base: linkBaseOf(ctx, organisation),
    chosenLocale: asked,
    here: here ?? pathWithout(request.url, ['lang', 'notice']),
  };
}

/** The request's path and query without the named parameters (the language switch sets its own). */
function pathWithout(url: string, names: string[]): string {
  const parsed = new URL(url, 'http://newsroom.invalid');
  for (const name of names) parsed.searchParams.delete(name);
  return `${parsed.pathname}${parsed.search}`;
}

const sendHtml = (reply: FastifyReply, status: number, body: string, cache = 'public, max-age=60') =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', cache).send(body);

/** The public newsroom (no login) and the editors' moderation queue for its guest comments. */
export function newsroomRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/news',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: langQuery.extend({ before: text().max(200).optional() }) },
    },
    async (request, reply) => {
      const page = await pageContext(ctx, request);
      const position = readCursor(request.query.before, ['string', 'number']);
      const rows = await repo.publicArticles(ctx.database.db, {
        before: position && { at: position[0], id: position[1] },
        limit: PAGE_SIZE,
      });
      const visible = rows.slice(0, PAGE_SIZE);
      const last = visible.at(-1);
      const next = rows.length > PAGE_SIZE && last ? encodeCursor([last.published_at, last.id]) : null;
      return sendHtml(reply, 200, listPage(page, visible, next));
    },
  );

  app.get(
    '/news/feed.xml',
    { config: { access: 'public' }, schema: { hide: true, querystring: langQuery } },
    async (request, reply) => {
      const page = await pageContext(ctx, request);
      const rows = await repo.publicArticles(ctx.database.db, { limit: FEED_SIZE });
      return reply
        .type('application/rss+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send((await buildFeed(page, rows.slice(0, FEED_SIZE))).rss2());
    },
  );

  app.get(
    '/news/atom.xml',
    { config: { access: 'public' }, schema: { hide: true, querystring: langQuery } },
    async (request, reply) => {
      const page = await pageContext(ctx, request);
      const rows = await repo.publicArticles(ctx.database.db, { limit: FEED_SIZE });
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send((await buildFeed(page, rows.slice(0, FEED_SIZE))).atom1());
    },
  );

  app.get(
    '/sitemap.xml',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await pageContext(ctx, request);
      const rows = await repo.publicArticles(ctx.database.db, { limit: SITEMAP_SIZE });
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(sitemap(page, rows.slice(0, SITEMAP_SIZE)));
    },
  );

  app.get(
    '/news/media/:id',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ id: text().max(64) }),
        querystring: z.object({ thumbnail: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
      // Only images of published public articles; anything else is as absent as a wrong id.
      const file = await repo.publicFile(ctx.database.db, request.params.id);
      const key =
        file &&
        (request.query.thumbnail === 'true' && file.thumbnail_key ? file.thumbnail_key : file.storage_key);
      const bytes = key ? await ctx.storage.get(key) : undefined;
      if (!file || !bytes)
        return sendHtml(reply, 404, notFoundPage(await pageContext(ctx, request)), 'no-cache');
      return reply
        .type(request.query.thumbnail === 'true' && file.thumbnail_key ? 'image/webp' : file.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=3600')
        .send(bytes);
    },
  );

  app.get(
    '/news/:slug',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ slug: text().max(300) }),
        querystring: langQuery.extend({ notice: z.enum(['published', 'pending']).optional() }),
      },
    },
    async (request, reply) => {
      const page = await pageContext(ctx, request);
      const data = await newsroom.loadPublicArticle(ctx, request.params.slug);
      if (!data) return sendHtml(reply, 404, notFoundPage(page), 'no-cache');
      const challenge = data.article.guest_comments === 'off' ? undefined : await newsroom.newChallenge(ctx);
      // After a guest comment the visitor lands here (post/redirect/get) with a notice saying what happened.
      const { notice } = request.query;
      const state: CommentFormState = notice
        ? {
            notice: {
              text: notice === 'published' ? page.messages.published : page.messages.pending,
              bad: false,
            },
          }
        : {};
      // Each view carries its own one-time captcha, so the page itself is not cached.
      return sendHtml(reply, 200, articlePage(page, data, { ...state, challenge }), 'no-store');
    },
  );

  app.post(
    '/news/:slug/comments',
    {
      config: { access: 'public', acceptsForm: true },
      schema: {
        hide: true,
        params: z.object({ slug: text().max(300) }),
        querystring: langQuery,
        body: newsroom.guestCommentForm,
      },
      bodyLimit: 64 * 1024,
    },
    async (request, reply) => {
      const articlePath = `/news/${encodeURIComponent(request.params.slug)}`;
      const page = await pageContext(ctx, request, articlePath);
      const data = await newsroom.loadPublicArticle(ctx, request.params.slug);
      if (!data) return sendHtml(reply, 404, notFoundPage(page), 'no-store');
      const result = await newsroom.submitGuestComment(ctx, data, request.body, request.ip, page.messages);
      const { messages } = page;
      let status: number;
      let state: CommentFormState;
      switch (result.outcome) {
        case 'published':
        case 'pending':
        case 'ignored': {
          // Post/redirect/get: reloading the page afterwards must not send the comment again.
          const notice = result.outcome === 'published' ? 'published' : 'pending';
          return reply
            .header('cache-control', 'no-store')
            .redirect(localHref(page, `${articlePath}?notice=${notice}#comments`), 303);
        }
        case 'closed':
          status = 403;
          state = { notice: { text: messages.closed, bad: true } };
          break;
        case 'throttled':
          status = 429;
          state = { values: request.body, notice: { text: messages.errors.tooMany, bad: true } };
          break;
        case 'invalid':
          status = 400;
          state = {
            values: { ...request.body, captcha_answer: '' },
            errors: result.errors,
            notice: { text: messages.fixErrors, bad: true },
          };
          break;
      }
      const challenge = data.article.guest_comments === 'off' ? undefined : await newsroom.newChallenge(ctx);
      return sendHtml(reply, status, articlePage(page, data, { ...state, challenge }), 'no-store');
    },
  );

  app.get(
    '/api/v1/newsroom/comments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Guest comments to moderate (editors); `state` defaults to pending',
        querystring: guestCommentsQuery,
        response: { 200: guestCommentPage, ...errorResponses },
      },
    },
    (request) => newsroom.listForModeration(ctx, viewerOf(request), request.query),
  );

  app.post(
    '/api/v1/newsroom/comments/:id/:action',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Approve, reject or mark a guest comment as spam (editors)',
        params: moderationParams,
        response: { 200: guestComment, ...errorResponses },
      },
    },
    (request) => newsroom.moderateComment(ctx, viewerOf(request), request.params.id, request.params.action),
  );
}
