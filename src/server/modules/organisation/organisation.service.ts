import type { z } from 'zod';
import type { updateOrganisationBody } from '../../../shared/api/auth.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { normaliseBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { assertImage, containedWebp } from '../../lib/images.js';
import { newSecret } from '../../lib/secrets.js';
import { toOrganisation } from './organisation.presenter.js';
import * as repo from './organisation.repo.js';

const mayBrand = (viewer: Viewer) => viewer.role === 'admin';

export async function getOrganisation(ctx: AppContext) {
  return toOrganisation(await repo.findOrganisation(ctx.database.db), ctx.config.publicUrl);
}

export async function updateBranding(
  ctx: AppContext,
  viewer: Viewer,
  body: z.infer<typeof updateOrganisationBody>,
) {
  if (!mayBrand(viewer)) throw fail.forbidden('Only administrators may change the branding.');
  if (body.publicUrl !== undefined && ctx.config.publicUrl)
    throw fail.badRequest(
      'public_url_fixed',
      'The address is set by KANTINE_PUBLIC_URL on the server and cannot be changed here.',
    );
  await ctx.database.transaction(async (trx) => {
    await repo.updateOrganisation(trx, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.primaryColor === undefined ? {} : { primary_color: body.primaryColor.toLowerCase() }),
      ...(body.defaultLocale === undefined ? {} : { default_locale: body.defaultLocale }),
      ...(body.spaceCreation === undefined ? {} : { space_creation: body.spaceCreation }),
      ...(body.surveyMinGroupSize === undefined ? {} : { survey_min_group_size: body.surveyMinGroupSize }),
      ...(body.publicUrl === undefined ? {} : { public_url: normaliseBaseUrl(body.publicUrl) ?? null }),
      updated_at: isoNow(ctx.clock),
    });
  });
  return getOrganisation(ctx);
}

export async function setLogo(ctx: AppContext, viewer: Viewer, bytes: Buffer | null) {
  if (!mayBrand(viewer)) throw fail.forbidden('Only administrators may change the branding.');
  const current = await repo.findOrganisation(ctx.database.db);
  let logoKey: string | null = null;
  if (bytes) {
    await assertImage(bytes);
    logoKey = `branding/logo-${newSecret(12)}`;
    await ctx.storage.put(`${logoKey}.webp`, await containedWebp(bytes, 480, 160));
  }
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    await repo.updateOrganisation(trx, { logo_key: logoKey, updated_at: isoNow(ctx.clock) });
    if (current?.logo_key) emit({ type: 'storage.orphaned', keys: [`${current.logo_key}.webp`] });
  });
  return getOrganisation(ctx);
}

export async function readLogo(ctx: AppContext) {
  const row = await repo.findOrganisation(ctx.database.db);
  const bytes = row?.logo_key ? await ctx.storage.get(`${row.logo_key}.webp`) : null;
  if (!bytes) throw fail.notFound('No logo has been uploaded.');
  return bytes;
}
