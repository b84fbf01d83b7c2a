import { idParam } from '../../../shared/api/common.js';
import {
  createIdeaBody,
  ideaDetail,
  ideaList,
  ideaStatusBody,
  ideasQuery,
  reviewersList,
} from '../../../shared/api/ideas.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as ideas from './ideas.service.js';

const tags = ['ideas'];

export function ideasRoutes(app: Api, ctx: AppContext) {
  const item = ctx.kinds.itemSchema;

  app.post(
    '/api/v1/spaces/:id/ideas',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Submit an idea to a space’s board (members)',
        params: idParam,
        body: createIdeaBody,
        response: { 201: item, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await ideas.createIdea(ctx, viewerOf(request), { spaceId: request.params.id }, request.body)),
  );

  app.post(
    '/api/v1/ideas',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Submit an idea to the company-wide board',
        body: createIdeaBody,
        response: { 201: item, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ideas.createIdea(ctx, viewerOf(request), null, request.body)),
  );

  app.get(
    '/api/v1/ideas',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A board’s ideas (a space’s with spaceId, else the company’s), by votes or newest',
        querystring: ideasQuery,
        response: { 200: ideaList(item), ...errorResponses },
      },
    },
    (request) => ideas.listIdeas(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/ideas/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'One idea with its status history (404 when not visible)',
        params: idParam,
        response: { 200: ideaDetail(item), ...errorResponses },
      },
    },
    (request) => ideas.getIdea(ctx, viewerOf(request), request.params.id),
  );

  for (const [path, summary, on] of [
    ['vote', 'Vote for an idea (one vote per person)', true],
    ['vote', 'Take my vote back', false],
    ['follow', 'Follow an idea (its status changes notify me)', true],
    ['follow', 'Stop following an idea', false],
  ] as const) {
    const handler = (request: { params: { id: number } } & Parameters<typeof viewerOf>[0]) =>
      path === 'vote'
        ? ideas.setVote(ctx, viewerOf(request), request.params.id, on)
        : ideas.setFollow(ctx, viewerOf(request), request.params.id, on);
    const options = {
      config: { access: 'policy' as const },
      schema: { tags, summary, params: idParam, response: { 200: item, ...errorResponses } },
    };
    if (on) app.put(`/api/v1/ideas/:id/${path}`, options, handler);
    else app.delete(`/api/v1/ideas/:id/${path}`, options, handler);
  }

  app.post(
    '/api/v1/ideas/:id/status',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Change an idea’s status with a public reason (the board’s reviewers)',
        params: idParam,
        body: ideaStatusBody,
        response: { 200: item, ...errorResponses },
      },
    },
    (request) => ideas.changeStatus(ctx, viewerOf(request), request.params.id, request.body),
  );

  ideasAdminRoutes(app, ctx);
}

/** Who reviews the company board (the right itself is set through `PATCH /api/v1/admin/users/:id`). */
export function ideasAdminRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/admin/ideas-reviewers',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Who reviews the company-wide ideas board besides administrators (admin)',
        response: { 200: reviewersList, ...errorResponses },
      },
    },
    () => ideas.listReviewers(ctx),
  );
}
