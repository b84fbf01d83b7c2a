import type { FastifyReply, FastifyRequest } from 'fastify';
import SCIMMY from 'scimmy';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { fail } from '../../http/errors.js';
import { isoNow } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { mayManagePeople } from './people.service.js';
import * as repo from './scim.repo.js';
import { declareScim, SCIM_BASE } from './scim.service.js';

const SCIM_TYPE = 'application/scim+json';
const tags = ['scim'];

type ScimResource = typeof SCIMMY.Resources.User | typeof SCIMMY.Resources.Group;
const resources: Record<string, ScimResource> = {
  Users: SCIMMY.Resources.User,
  Groups: SCIMMY.Resources.Group,
};

function scimErrorBody(error: unknown) {
  if (error instanceof SCIMMY.Types.Error) return new SCIMMY.Messages.Error(error);
  if (error instanceof TypeError)
    return new SCIMMY.Messages.Error({
      status: 400,
      scimType: 'invalidValue',
      detail: error.message,
    } as never);
  return null;
}

/**
 * Normalises what Entra ID documents sending but SCIM's schema does not allow: "True"/"False"
 * strings for `active`, and the manager as a bare id instead of `{value}`.
 */
function normalisePatch(body: unknown) {
  const operations = (body as { Operations?: { path?: string; value?: unknown }[] })?.Operations;
  if (Array.isArray(operations))
    for (const operation of operations) {
      if (operation.path === 'active' && typeof operation.value === 'string')
        operation.value = operation.value.toLowerCase() === 'true';
      if (operation.path?.endsWith(':manager') && typeof operation.value === 'string')
        operation.value = { value: operation.value };
    }
  return body;
}

export function scimRoutes(app: Api, ctx: AppContext) {
  declareScim();

  app.post(
    '/api/v1/admin/scim-tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create a SCIM provisioning token; shown once',
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: {
          201: z.object({ id: z.number(), name: z.string(), token: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      if (!mayManagePeople(viewer)) throw fail.forbidden('Only administrators may create SCIM tokens.');
      const token = `ks_${newSecret(32)}`;
      const id = await repo.insertScimToken(
        ctx.database.db,
        request.body.name,
        hashSecret(token),
        viewer.id,
        isoNow(ctx.clock),
      );
      return reply.status(201).send({ id, name: request.body.name, token });
    },
  );

  app.get(
    '/api/v1/admin/scim-tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'SCIM tokens (never the tokens themselves)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                name: z.string(),
                createdAt: z.string(),
                lastUsedAt: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      items: (await repo.listScimTokens(ctx.database.db)).map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
      })),
    }),
  );

  app.delete(
    '/api/v1/admin/scim-tokens/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Revoke a SCIM token',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await repo.deleteScimToken(ctx.database.db, request.params.id))) throw fail.notFound();
      return reply.status(204).send(null);
    },
  );

  app.register(async (scim) => {
    const typed = scim as unknown as Api;
    typed.addContentTypeParser(SCIM_TYPE, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, body === '' ? undefined : JSON.parse(body as string));
      } catch {
        done(
          Object.assign(new SCIMMY.Types.Error(400, 'invalidSyntax', 'The request body is not valid JSON'), {
            statusCode: 400,
          }) as never,
        );
      }
    });
    typed.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      const clientError = !!error.statusCode && error.statusCode < 500;
      const body =
        scimErrorBody(error) ??
        new SCIMMY.Messages.Error({
          status: clientError ? error.statusCode : 500,
          detail: clientError ? error.message : 'Internal error',
        } as never);
      if (!(error instanceof SCIMMY.Types.Error) && !clientError)
        request.log.error({ err: error }, 'SCIM request failed');
      return reply
        .status(Number((body as unknown as { status: string }).status))
        .type(SCIM_TYPE)
        .send(JSON.stringify(body));
    });
    // Every SCIM request carries a provisioning token (not a person's session or access token).
    typed.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
      const row = token ? await repo.findScimToken(ctx.database.db, hashSecret(token)) : undefined;
      if (!row) throw new SCIMMY.Types.Error(401, null as never, 'A valid SCIM bearer token is required');
      await repo.touchScimToken(ctx.database.db, row.id, isoNow(ctx.clock));
    });

    const scimCtx = { ctx };
    const send = (reply: FastifyReply, status: number, body: unknown) =>
      reply
        .status(status)
        .type(SCIM_TYPE)
        .send(body === undefined ? null : JSON.stringify(body));
    const query = (request: FastifyRequest): never => {
      const q = request.query as Record<string, string | undefined>;
      return {
        ...(q.filter ? { filter: q.filter } : {}),
        ...(q.attributes ? { attributes: q.attributes } : {}),
        ...(q.excludedAttributes ? { excludedAttributes: q.excludedAttributes } : {}),
        ...(q.startIndex ? { startIndex: Number(q.startIndex) } : {}),
        ...(q.count ? { count: Number(q.count) } : {}),
      } as never;
    };
    const publicRoute = { config: { access: 'public' as const }, schema: { tags, hide: true } };

    typed.get(`${SCIM_BASE}/ServiceProviderConfig`, publicRoute, async (_request, reply) =>
      send(reply, 200, await new SCIMMY.Resources.ServiceProviderConfig().read()),
    );
    typed.get(`${SCIM_BASE}/ResourceTypes`, publicRoute, async (request, reply) =>
      send(reply, 200, await new SCIMMY.Resources.ResourceType(query(request)).read()),
    );
    typed.get(`${SCIM_BASE}/ResourceTypes/:id`, publicRoute, async (request, reply) =>
      send(reply, 200, await new SCIMMY.Resources.ResourceType((request.params as { id: string }).id).read()),
    );
    typed.get(`${SCIM_BASE}/Schemas`, publicRoute, async (request, reply) =>
      send(reply, 200, await new SCIMMY.Resources.Schema(query(request)).read()),
    );
    typed.get(`${SCIM_BASE}/Schemas/:id`, publicRoute, async (request, reply) =>
      send(reply, 200, await new SCIMMY.Resources.Schema((request.params as { id: string }).id).read()),
    );

    for (const [path, Resource] of Object.entries(resources)) {
      typed.get(`${SCIM_BASE}/${path}`, publicRoute, async (request, reply) =>
        send(reply, 200, await new Resource(query(request)).read(scimCtx)),
      );
      typed.get(`${SCIM_BASE}/${path}/:id`, publicRoute, async (request, reply) =>
        send(
          reply,
          200,
          await new Resource((request.params as { id: string }).id, query(request)).read(scimCtx),
        ),
      );
      typed.post(`${SCIM_BASE}/${path}`, publicRoute, async (request, reply) =>
        send(reply, 201, await new Resource(query(request)).write(request.body as never, scimCtx)),
      );
      typed.put(`${SCIM_BASE}/${path}/:id`, publicRoute, async (request, reply) =>
        send(
          reply,
          200,
          await new Resource((request.params as { id: string }).id, query(request)).write(
            request.body as never,
            scimCtx,
          ),
        ),
      );
      typed.patch(`${SCIM_BASE}/${path}/:id`, publicRoute, async (request, reply) => {
        const result = await new Resource((request.params as { id: string }).id, query(request)).patch(
          normalisePatch(request.body) as never,
          scimCtx,
        );
        return result === undefined ? reply.status(204).send() : send(reply, 200, result);
      });
      typed.delete(`${SCIM_BASE}/${path}/:id`, publicRoute, async (request, reply) => {
        await new Resource((request.params as { id: string }).id).dispose(scimCtx);
        return reply.status(204).send();
      });
    }
  });
}
