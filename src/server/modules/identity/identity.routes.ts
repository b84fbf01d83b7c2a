import type { AppContext } from '../../context.js';
import type { Api } from '../../http/api.js';
import { accessCodesRoutes } from './access-codes.routes.js';
import { ldapRoutes } from './ldap.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { orgChartRoutes } from './org-chart.routes.js';
import { peopleImportRoutes } from './people-import.routes.js';
import { scimRoutes } from './scim.routes.js';

/** Single sign-on, staff without e-mail and provisioning: one registration for app.ts. */
export function identityRoutes(app: Api, ctx: AppContext) {
  oidcRoutes(app, ctx);
  ldapRoutes(app, ctx);
  accessCodesRoutes(app, ctx);
  scimRoutes(app, ctx);
  peopleImportRoutes(app, ctx);
  orgChartRoutes(app, ctx);
}
