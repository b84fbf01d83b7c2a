import type { FastifyRequest } from 'fastify';
import {
  accessCodeSheetQuery,
  accessCodes,
  createAccessCodesBody,
  createPersonBody,
  redeemAccessCodeBody,
  setFirstPasswordBody,
  staffMember,
  staffTeamPage,
  staffTeamQuery,
} from '../../../shared/api/identity.js';
import { me } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { fail } from '../../http/errors.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { publicBaseUrl } from '../../http/urls.js';
import { getMe } from '../users/users.service.js';
import {
  accessCodeSheet,
  issueAccessCodes,
  redeemAccessCode,
  setFirstPassword,
} from './access-codes.service.js';
import { createStaffMember } from './people.service.js';
import { staffTeam } from './staff-leads.service.js';

const tags = ['identity'];

/**
 * The sheet is a GET (a link the admin opens and prints) that issues codes and ends sessions, so it
 * refuses requests another site started; browsers say so in Sec-Fetch-Site.
 */
function refuseCrossSite(request: FastifyRequest) {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none')
    throw fail.forbidden('Open the sheet from Kantine itself.', 'csrf');
}

export function accessCodesRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/admin/people',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'Create a person, also without e-mail (personnel number and access code instead); admins, and team leads with the right (their new colleague reports to them, always a member)',
        body: createPersonBody,
        response: { 201: staffMember, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createStaffMember(ctx, viewerOf(request), request.body)),
  );

  app.post(
    '/api/v1/admin/access-codes',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'New one-time access codes; each ends the person’s sessions and earlier codes (team leads: only for members without e-mail below them, else 403 not_your_report)',
        body: createAccessCodesBody,
        response: { 201: accessCodes, ...errorResponses },
      },
    },
    async (request, reply) => {
      const codes = await issueAccessCodes(
        ctx,
        viewerOf(request),
        request.body.userIds,
        await publicBaseUrl(ctx),
      );
      return reply.status(201).send({ codes });
    },
  );

  app.get(
    '/api/v1/admin/access-codes/sheet',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Printable sheet (HTML) with new access codes and QR codes, one page per person',
        querystring: accessCodeSheetQuery,
      },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const page = await accessCodeSheet(
        ctx,
        viewerOf(request),
        request.query.userIds,
        await publicBaseUrl(ctx),
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(page);
    },
  );

  app.get(
    '/api/v1/staff/team',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary:
          'The people below me in the org chart for whom I may print access codes (team leads with the right, admins)',
        querystring: staffTeamQuery,
        response: { 200: staffTeamPage, ...errorResponses },
      },
    },
    async (request) => staffTeam(ctx, viewerOf(request), request.query),
  );

  app.post(
    '/api/v1/access-codes/redeem',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Trade an access code for a short session that may only set a password',
        body: redeemAccessCodeBody,
        response: { 200: me, 410: errorResponses[404], ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId, secret } = await redeemAccessCode(
        ctx,
        request.body.code,
        request.ip,
        request.headers['user-agent'] ?? '',
      );
      setSessionCookie(ctx, reply, secret);
      return getMe(ctx, { id: userId });
    },
  );

  app.post(
    '/api/v1/access-codes/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Set the first password in the session an access code opened; starts a normal session',
        body: setFirstPasswordBody,
        response: { 200: me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const secret = await setFirstPassword(ctx, viewer, request.body.password);
      setSessionCookie(ctx, reply, secret);
      return getMe(ctx, viewer);
    },
  );
}
