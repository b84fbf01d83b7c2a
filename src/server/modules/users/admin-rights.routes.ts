import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';

/**
 * A right an administrator gives or takes per person, owned by its feature (the social media desk,
 * reviewing the company's ideas board). All of them share one route, `PATCH /api/v1/admin/users/:id`,
 * whose body names the rights to change, and `GET /api/v1/admin/rights` lists who was given which
 * (the administration's people list shows them).
 */
export interface AdminRight {
  /** The body field and the answer's field, e.g. `socialMedia`. */
  field: string;
  summary: string;
  /** Sets the right, permission check and audit included; answers whether the person has it now. */
  set(ctx: AppContext, viewer: Viewer, userId: number, on: boolean): Promise<boolean>;
  /** The people who were given the right (administrators have every one anyway). */
  holders(ctx: AppContext): Promise<number[]>;
}

export function adminRightsRoutes(app: Api, ctx: AppContext, rights: readonly AdminRight[]) {
  const body = z
    .strictObject(Object.fromEntries(rights.map((right) => [right.field, z.boolean().optional()])))
    .refine((value) => Object.values(value).some((on) => on !== undefined), {
      message: `name at least one of: ${rights.map((right) => right.field).join(', ')}`,
    });
  // The person's id (as `id` and `userId`) and each right that was changed.
  const answer = z
    .object({ id: z.number(), userId: z.number() })
    .catchall(z.union([z.boolean(), z.number()]));
  app.get(
    '/api/v1/admin/rights',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Who was given which right (admin); administrators have every right anyway',
        response: {
          200: z.object({ items: z.array(z.object({ field: z.string(), userIds: z.array(z.number()) })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (viewerOf(request).role !== 'admin') throw fail.forbidden('Only administrators may do this.');
      return {
        items: await Promise.all(
          rights.map(async (right) => ({ field: right.field, userIds: await right.holders(ctx) })),
        ),
      };
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: `Give or take a person's rights (admin): ${rights.map((right) => right.summary).join('; ')}`,
        params: z.object({ id: z.coerce.number().int().positive() }),
        body,
        response: { 200: answer, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      if (viewer.role !== 'admin') throw fail.forbidden('Only administrators may do this.');
      const userId = request.params.id;
      const changed: Record<string, boolean> = {};
      for (const right of rights) {
        const on = (request.body as Record<string, boolean | undefined>)[right.field];
        if (on !== undefined) changed[right.field] = await right.set(ctx, viewer, userId, on);
      }
      return { id: userId, userId, ...changed };
    },
  );
}
