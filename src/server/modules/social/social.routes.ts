import { z } from 'zod';
import { idCoerced, idParam, text } from '../../../shared/api/common.js';
import {
  calendar,
  calendarQuery,
  consentAnswerBody,
  consentBody,
  createPostBody,
  createStoryBody,
  markPublishedBody,
  postsQuery,
  socialPost,
  socialPostList,
  storiesQuery,
  story,
  storyPage,
  updatePostBody,
  updateStoryBody,
} from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { accountsRoutes } from './accounts.routes.js';
import * as calendarService from './calendar.service.js';
import * as consents from './consents.service.js';
import { guidelinesRoutes } from './guidelines.routes.js';
import { readPostMedia } from './media.service.js';
import * as posts from './posts.service.js';
import * as publishing from './publishing.service.js';
import { shareRedirect } from './share.service.js';
import { formPictures, STORY_FORM_DESCRIPTION, storyFormToBody } from './stories.multipart.js';
import * as stories from './stories.service.js';

const tags = ['social'];
const fileId = text().regex(/^[A-Za-z0-9_-]{10,64}$/, 'is not a file id');
const pictureParams = z.strictObject({ id: idCoerced, fileId });
const consentParams = z.strictObject({ id: idCoerced, consentId: idCoerced });

/** Sends stored bytes privately: only whoever passed the service's check gets them, nothing is cached publicly. */
function sendFile(
  reply: import('fastify').FastifyReply,
  file: { meta: { name: string; mime: string; kind: string }; bytes: Buffer },
) {
  const disposition = file.meta.kind === 'image' ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.meta.mime)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.meta.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.bytes);
}

export function socialRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/stories',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Suggest a story for the company’s channels (JSON with uploaded file ids, or multipart with the pictures)',
        description: STORY_FORM_DESCRIPTION,
        consumes: ['application/json', 'multipart/form-data'],
        body: createStoryBody,
        response: { 201: story, ...errorResponses },
      },
      preValidation: storyFormToBody,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await stories.createStory(ctx, viewerOf(request), request.body, formPictures(request))),
  );

  app.get(
    '/api/v1/stories',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Stories, newest first: all for the desk, else my own and those I am pictured in',
        querystring: storiesQuery,
        response: { 200: storyPage, ...errorResponses },
      },
    },
    (request) => stories.listStories(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/stories/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'One story', params: idParam, response: { 200: story, ...errorResponses } },
    },
    (request) => stories.getStory(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/stories/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Move a story on, plan it, note something for the suggester (desk)',
        params: idParam,
        body: updateStoryBody,
        response: { 200: story, ...errorResponses },
      },
    },
    (request) => stories.updateStory(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/stories/:id/pictures/:fileId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A story’s picture (suggester, desk and pictured colleagues only)',
        params: pictureParams,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await stories.readPicture(ctx, viewerOf(request), request.params.id, request.params.fileId),
      ),
  );

  app.post(
    '/api/v1/stories/:id/consents',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Ask a pictured colleague for consent, or file an external person’s signed form',
        params: idParam,
        body: consentBody,
        response: { 201: story, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await consents.addConsent(ctx, viewerOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/stories/:id/consents/:consentId/answer',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Confirm or decline being shown in a story’s picture (the person asked)',
        params: consentParams,
        body: consentAnswerBody,
        response: { 200: story, ...errorResponses },
      },
    },
    (request) =>
      consents.answerConsent(
        ctx,
        viewerOf(request),
        request.params.id,
        request.params.consentId,
        request.body.answer,
      ),
  );

  app.get(
    '/api/v1/stories/:id/consents/:consentId/form',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'An external person’s signed consent form (suggester and desk)',
        params: consentParams,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await stories.readConsentForm(ctx, viewerOf(request), request.params.id, request.params.consentId),
      ),
  );

  app.post(
    '/api/v1/social/posts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Write a channel post; `problems` lists the network limits it breaks',
        body: createPostBody,
        response: { 201: socialPost, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await posts.createPost(ctx, viewerOf(request), request.body)),
  );

  app.get(
    '/api/v1/social/posts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'All channel posts with state, time and link',
        querystring: postsQuery,
        response: { 200: socialPostList, ...errorResponses },
      },
    },
    (request) => posts.listPosts(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/social/posts/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One channel post',
        params: idParam,
        response: { 200: socialPost, ...errorResponses },
      },
    },
    (request) => posts.getPost(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/social/posts/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change a channel post that is not published',
        params: idParam,
        body: updatePostBody,
        response: { 200: socialPost, ...errorResponses },
      },
    },
    (request) => posts.updatePost(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/social/posts/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Delete a channel post', params: idParam },
    },
    async (request, reply) => {
      await posts.deletePost(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/social/posts/:id/publish',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Publish now to Mastodon or Bluesky (refused while the post breaks a limit)',
        params: idParam,
        response: { 200: socialPost, ...errorResponses },
      },
    },
    (request) => publishing.publishNow(ctx, viewerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/social/posts/:id/mark-published',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Record that a post was shared by hand (networks without an open API), with its link',
        params: idParam,
        body: markPublishedBody,
        response: { 200: socialPost, ...errorResponses },
      },
    },
    (request) => publishing.markPublished(ctx, viewerOf(request), request.params.id, request.body.url),
  );

  app.get(
    '/api/v1/social/posts/:id/media/:fileId',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'A channel post’s picture (desk)', params: pictureParams },
    },
    async (request, reply) =>
      sendFile(reply, await readPostMedia(ctx, viewerOf(request), request.params.id, request.params.fileId)),
  );

  app.get(
    '/s/:id',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: idParam,
        querystring: z.strictObject({ n: text().max(20).optional() }),
      },
    },
    async (request, reply) => {
      const target = await shareRedirect(ctx, request.params.id, request.query.n);
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(target, 302);
    },
  );

  app.get(
    '/api/v1/social/calendar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Editorial calendar: channel posts, company news and planned stories in [from, to)',
        querystring: calendarQuery,
        response: { 200: calendar, ...errorResponses },
      },
    },
    (request) => calendarService.calendar(ctx, viewerOf(request), request.query),
  );

  accountsRoutes(app, ctx);
  guidelinesRoutes(app, ctx);
}
