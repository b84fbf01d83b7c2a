import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import {
  comment,
  commentBody,
  commentPage,
  commentsQuery,
  updateCommentBody,
} from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as comments from './comments.service.js';

const tags = ['comments'];

export function commentsRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/content/:id/comments',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Comments on an item, oldest first',
        params: idParam,
        querystring: commentsQuery,
        response: { 200: commentPage, ...errorResponses },
      },
    },
    (request) =>
      comments.listComments(
        ctx,
        viewerOf(request),
        request.params.id,
        request.query.cursor,
        request.query.limit,
      ),
  );

  app.post(
    '/api/v1/content/:id/comments',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Comment, or reply with parentId (one level of replies)',
        params: idParam,
        body: commentBody,
        response: { 201: comment, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await comments.addComment(
            ctx,
            viewerOf(request),
            request.params.id,
            request.body.body,
            request.body.parentId,
          ),
        ),
  );

  app.patch(
    '/api/v1/comments/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Edit my comment',
        params: idParam,
        body: updateCommentBody,
        response: { 200: comment, ...errorResponses },
      },
    },
    (request) => comments.editComment(ctx, viewerOf(request), request.params.id, request.body.body),
  );

  app.delete(
    '/api/v1/comments/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Delete a comment and its replies (author, moderators)',
        params: idParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await comments.deleteComment(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
