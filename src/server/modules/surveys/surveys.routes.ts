import { z } from 'zod';
import { idParam } from '../../../shared/api/common.js';
import {
  createSurveyBody,
  responseBody,
  resultsQuery,
  survey,
  surveyList,
  surveyResults,
  surveyTemplates,
  templatesQuery,
  updateSurveyBody,
} from '../../../shared/api/surveys.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { respond } from './responses.service.js';
import { results, resultsCsv, resultsXlsx } from './results.service.js';
import * as surveys from './surveys.service.js';
import { surveyTemplates as templates } from './surveys.templates.js';

const tags = ['surveys'];

export function surveysRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/surveys',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Start a survey (admins and editors; space admins for their spaces)',
        body: createSurveyBody,
        response: { 201: survey, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await surveys.createSurvey(ctx, viewerOf(request), request.body)),
  );

  app.get(
    '/api/v1/surveys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Surveys meant for me (with whether I answered) and those I manage',
        response: { 200: surveyList, ...errorResponses },
      },
    },
    (request) => surveys.listSurveys(ctx, viewerOf(request)),
  );

  app.get(
    '/api/v1/surveys/templates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Ready-made surveys: pulse check, onboarding feedback, event feedback',
        querystring: templatesQuery,
        response: { 200: surveyTemplates, ...errorResponses },
      },
    },
    (request) => ({
      items: templates(request.query.locale ?? (viewerOf(request).locale === 'en' ? 'en' : 'de')),
    }),
  );

  app.get(
    '/api/v1/surveys/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'One survey', params: idParam, response: { 200: survey, ...errorResponses } },
    },
    (request) => surveys.getSurvey(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/surveys/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Change a survey (its managers); questions only until the first answer',
        params: idParam,
        body: updateSurveyBody,
        response: { 200: survey, ...errorResponses },
      },
    },
    (request) => surveys.updateSurvey(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/surveys/:id',
    {
      config: { access: 'policy' },
      schema: { tags, summary: 'Delete a survey and its answers (its managers)', params: idParam },
    },
    async (request, reply) => {
      await surveys.deleteSurvey(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/surveys/:id/responses',
    {
      // The idempotency table would keep a hash of the answers with the person: a repeat is refused
      // by survey_participants instead (409 survey_answered).
      config: { access: 'policy', idempotency: false },
      schema: {
        tags,
        summary: 'Answer a survey (once; anonymous surveys keep no link to the person)',
        params: idParam,
        body: responseBody,
        response: { 201: z.object({ answered: z.literal(true) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await respond(ctx, viewerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/surveys/:id/results',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Aggregated results (managers); groups below the minimum group size merge into "other"',
        params: idParam,
        querystring: resultsQuery,
        response: { 200: surveyResults, ...errorResponses },
      },
    },
    (request) => results(ctx, viewerOf(request), request.params.id, request.query.groupBy),
  );

  app.get(
    '/api/v1/surveys/:id/results.csv',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'The aggregated results as CSV (managers)',
        params: idParam,
        querystring: resultsQuery,
      },
    },
    async (request, reply) => {
      const csv = await resultsCsv(ctx, viewerOf(request), request.params.id, request.query.groupBy);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="survey-${request.params.id}-results.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/api/v1/surveys/:id/results.xlsx',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'The aggregated results as an Excel workbook (managers)',
        params: idParam,
        querystring: resultsQuery,
      },
    },
    async (request, reply) => {
      const xlsx = await resultsXlsx(ctx, viewerOf(request), request.params.id, request.query.groupBy);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="survey-${request.params.id}-results.xlsx"`)
        .send(xlsx);
    },
  );
}
