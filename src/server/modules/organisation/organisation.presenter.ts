import type { Organisation } from '../../../shared/api/auth.js';
import type { OrganisationRow } from '../../db/schema.js';

export const DEFAULT_PRIMARY_COLOR = '#1f6f5c';

export function toOrganisation(row: OrganisationRow | undefined, configuredUrl?: string): Organisation {
  if (!row)
    return {
      name: 'Kantine',
      primaryColor: DEFAULT_PRIMARY_COLOR,
      logoUrl: null,
      defaultLocale: 'de',
      spaceCreation: 'everyone',
      setupRequired: true,
      publicUrl: configuredUrl ?? null,
      publicUrlFromEnvironment: configuredUrl !== undefined,
      surveyMinGroupSize: 5,
    };
  return {
    name: row.name,
    primaryColor: row.primary_color,
    logoUrl: row.logo_key ? `/api/v1/organisation/logo?v=${row.logo_key.split('/').pop()}` : null,
    defaultLocale: row.default_locale === 'en' ? 'en' : 'de',
    spaceCreation: row.space_creation === 'admins' ? 'admins' : 'everyone',
    setupRequired: false,
    publicUrl: configuredUrl ?? row.public_url,
    publicUrlFromEnvironment: configuredUrl !== undefined,
    surveyMinGroupSize: row.survey_min_group_size,
  };
}
