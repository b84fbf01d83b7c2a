import { z } from 'zod';
import {
  article,
  articleCategories,
  articlePage,
  articlesQuery,
  confirmationReport,
  confirmResponse,
  createArticleBody,
  myConfirmations,
  publishArticleBody,
  revisionList,
  updateArticleBody,
} from '../../../shared/api/articles.js';
import { idParam } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as articles from './articles.service.js';
import * as mustRead from './must-read.service.js';
import * as publishing from './publishing.service.js';
import * as reading from './reading.service.js';

const tags = ['articles'];

export function articlesRoutes(app: Api, ctx: AppContext) {
  // Fields other kinds add to articles (kinds/registry.ts `ContentExtension`), e.g. a poll.
  const createBody = createArticleBody.extend(
    ctx.kinds.createFields('article'),
  ) as unknown as typeof createArticleBody;
  const updateBody = updateArticleBody.extend(
    ctx.kinds.updateFields('article'),
  ) as unknown as typeof updateArticleBody;
  const oneArticle = article.extend(ctx.kinds.partFields('article')) as unknown as typeof article;
  app.post(
    '/api/v1/articles',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Write an article (a draft): company news for editors, space articles for its admins',
        body: createBody,
        response: { 201: oneArticle, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await articles.createArticle(ctx, viewerOf(request), request.body)),
  );

  app.get(
    '/api/v1/articles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Published articles, newest first; other states list what the viewer edits',
        querystring: articlesQuery,
        response: { 200: articlePage, ...errorResponses },
      },
    },
    (request) => reading.listArticles(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/articles/categories',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Categories of readable articles', response: { 200: articleCategories } },
    },
    (request) => reading.listCategories(ctx, viewerOf(request)),
  );

  app.get(
    '/api/v1/articles/must-reads',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Must-reads waiting for my confirmation',
        response: { 200: z.object({ items: articlePage.shape.items }) },
      },
    },
    (request) => mustRead.openMustReads(ctx, viewerOf(request)),
  );

  app.get(
    '/api/v1/me/confirmations',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The must-reads I have confirmed', response: { 200: myConfirmations } },
    },
    (request) => mustRead.myConfirmations(ctx, viewerOf(request)),
  );

  app.get(
    '/api/v1/articles/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'One article (drafts only for its editors)',
        params: idParam,
        response: { 200: oneArticle, ...errorResponses },
      },
    },
    (request) => reading.getArticle(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/articles/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'Edit an article; edits after publishing are kept as revisions; `state` archives or restores',
        params: idParam,
        body: updateBody,
        response: { 200: oneArticle, ...errorResponses },
      },
    },
    (request) => articles.updateArticle(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/articles/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Delete an article',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await articles.deleteArticle(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/articles/:id/publish',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Publish now, or at `at` (scheduled; published exactly once, whichever node is up)',
        params: idParam,
        body: publishArticleBody.optional(),
        response: { 200: oneArticle, ...errorResponses },
      },
    },
    (request) => publishing.publishArticle(ctx, viewerOf(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/v1/articles/:id/revisions',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Earlier versions of a published article (its editors)',
        params: idParam,
        response: { 200: revisionList, ...errorResponses },
      },
    },
    (request) => reading.listRevisions(ctx, viewerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/articles/:id/confirm',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: '“Read and understood” for a must-read',
        params: idParam,
        response: { 200: confirmResponse, ...errorResponses },
      },
    },
    (request) => mustRead.confirm(ctx, viewerOf(request), request.params.id),
  );

  app.get(
    '/api/v1/articles/:id/confirmations',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Confirmation rate, and for must-reads who has not confirmed yet (its editors)',
        params: idParam,
        response: { 200: confirmationReport, ...errorResponses },
      },
    },
    (request) => mustRead.confirmations(ctx, viewerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/articles/:id/remind',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Remind those who have not confirmed a must-read (once)',
        params: idParam,
        response: { 200: z.object({ reminded: z.number() }), ...errorResponses },
      },
    },
    (request) => mustRead.remind(ctx, viewerOf(request), request.params.id),
  );
}
