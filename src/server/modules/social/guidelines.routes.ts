import {
  confirmGuidelinesBody,
  guidelinesBody,
  guidelinesReport,
  guidelinesState,
} from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as guidelines from './guidelines.service.js';

const tags = ['social'];

/** The social-media guidelines: a must-read for everyone with the social-media right. */
export function guidelinesRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/social/guidelines',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The current social-media guidelines and when I confirmed them (social-media right)',
        response: { 200: guidelinesState, ...errorResponses },
      },
    },
    (request) => guidelines.getGuidelines(ctx, viewerOf(request)),
  );

  app.put(
    '/api/v1/social/guidelines',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Save the guidelines as a new version: everyone with the right is asked to confirm it again (desk)',
        body: guidelinesBody,
        response: { 200: guidelinesState, ...errorResponses },
      },
    },
    (request) => guidelines.saveGuidelines(ctx, viewerOf(request), request.body),
  );

  app.post(
    '/api/v1/social/guidelines/confirm',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          '"Read and understood" for the version read (409 `guidelines_outdated` if it changed meanwhile); publishing needs it',
        body: confirmGuidelinesBody,
        response: { 200: guidelinesState, ...errorResponses },
      },
    },
    (request) => guidelines.confirmGuidelines(ctx, viewerOf(request), request.body.version),
  );

  app.get(
    '/api/v1/social/guidelines/confirmations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Who with the social-media right has not confirmed the current guidelines (desk)',
        response: { 200: guidelinesReport, ...errorResponses },
      },
    },
    (request) => guidelines.guidelinesReport(ctx, viewerOf(request)),
  );
}
