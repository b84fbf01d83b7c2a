import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { setupBody } from '../../../shared/api/auth.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { isoNow } from '../../lib/clock.js';
import { startSession } from '../auth/auth.service.js';
import { loadDemoNews } from '../demo/demo.news.js';
import { loadDemoCompany, loadDemoStream } from '../demo/demo.service.js';
import { DEFAULT_PRIMARY_COLOR } from '../organisation/organisation.presenter.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import { reindex } from '../search/search.service.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { createCompanySpace } from '../spaces/spaces.service.js';
import { createPerson } from '../users/users.service.js';

const alreadyDone = () => fail.conflict('setup_done', 'Kantine has already been set up.');

/**
 * Creates the organisation and its first admin, exactly once: the organisation row has a fixed
 * primary key, so a second (or concurrent) setup fails inside its transaction and changes nothing.
 */
export async function runSetup(
  ctx: AppContext,
  input: z.infer<typeof setupBody>,
  userAgent: string,
  publicUrl: string,
) {
  if (await orgRepo.findOrganisation(ctx.database.db)) throw alreadyDone();
  const now = isoNow(ctx.clock);
  const locale = input.locale ?? 'de';
  let adminId: number;
  try {
    adminId = await ctx.database.transaction(async (trx) => {
      const companySpaceId = await foundOrganisation(trx, now, input.organisationName, locale, publicUrl);
      const id = await createPerson(trx, now, {
        email: input.email,
        name: input.name,
        password: input.password,
        role: 'admin',
        locale,
      });
      await spacesRepo.setRole(trx, companySpaceId, id, 'admin');
      return id;
    });
  } catch (error) {
    if (await orgRepo.findOrganisation(ctx.database.db)) throw alreadyDone();
    throw error;
  }
  if (input.demo) {
    await loadDemoCompany(ctx);
    await loadDemoStream(ctx);
    await loadDemoNews(ctx);
  }
  await reindex(ctx);
  return { adminId, secret: await startSession(ctx, adminId, userAgent) };
}

export async function setupRequired(ctx: AppContext): Promise<boolean> {
  return (await orgRepo.findOrganisation(ctx.database.db)) === undefined;
}

/** The organisation row and its all-company space; returns the space's id. */
export async function foundOrganisation(
  db: Kysely<DB>,
  now: string,
  name: string,
  locale: string,
  publicUrl: string | null = null,
): Promise<number> {
  await orgRepo.insertOrganisation(db, {
    name,
    primary_color: DEFAULT_PRIMARY_COLOR,
    logo_key: null,
    default_locale: locale,
    public_url: publicUrl,
    created_at: now,
    updated_at: now,
  });
  return createCompanySpace(db, now, locale);
}
