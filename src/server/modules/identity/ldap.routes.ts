import {
  ldapSettings,
  ldapSyncQuery,
  ldapSyncResult,
  ldapTestResult,
  updateLdapSettingsBody,
} from '../../../shared/api/ldap.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses } from '../../http/api.js';
import { getLdapSettings, updateLdapSettings } from './ldap.settings.js';
import { claimedSync, testLdapConnection } from './ldap.sync.js';

const tags = ['identity'];

export function ldapRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/admin/identity/ldap',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'LDAP / Active Directory settings (the bind password is never shown)',
        response: { 200: ldapSettings, ...errorResponses },
      },
    },
    async () => getLdapSettings(ctx),
  );

  app.put(
    '/api/v1/admin/identity/ldap',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change the directory settings; leave out bindPassword to keep the stored one',
        body: updateLdapSettingsBody,
        response: { 200: ldapSettings, ...errorResponses },
      },
    },
    async (request) => updateLdapSettings(ctx, request.body),
  );

  app.post(
    '/api/v1/admin/identity/ldap/test',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Connect, bind and count people with the saved settings; names the step that failed',
        response: { 200: ldapTestResult, ...errorResponses },
      },
    },
    async () => testLdapConnection(ctx),
  );

  app.post(
    '/api/v1/admin/identity/ldap/sync',
    {
      // Thousands of people take longer than an ordinary request may: the upload deadline applies.
      config: { access: 'admin', longRunning: true },
      schema: {
        tags,
        summary: 'Synchronise people from the directory now; dryRun=true only lists what would change',
        querystring: ldapSyncQuery,
        response: { 200: ldapSyncResult, ...errorResponses },
      },
    },
    async (request) => {
      const result = await claimedSync(ctx, { dryRun: request.query.dryRun });
      return (
        result ?? {
          dryRun: false,
          created: 0,
          updated: 0,
          reactivated: 0,
          deactivated: 0,
          errors: [],
          changes: [],
        }
      );
    },
  );
}
