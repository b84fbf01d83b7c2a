import type { AppContext } from '../../context.js';
import { isSealed, sealText } from '../../lib/secret-box.js';
import * as repo from './identity.repo.js';

/** The settings whose `secret` column holds something Kantine must read again (so it is sealed, not hashed). */
const KINDS_WITH_SECRET = ['ldap', 'oidc'] as const;

/**
 * Seals the LDAP bind password and the OIDC client secret stored in plain text before encryption at
 * rest existed; runs at every start (a no-op once done), conditional on the old value.
 */
export async function sealPlainSettingsSecrets(ctx: AppContext): Promise<number> {
  let sealed = 0;
  for (const kind of KINDS_WITH_SECRET) {
    const row = await repo.findSettings(ctx.database.db, kind);
    if (!row?.secret || isSealed(row.secret)) continue;
    await repo.replaceSettingsSecret(ctx.database.db, kind, row.secret, sealText(ctx, row.secret));
    sealed++;
  }
  return sealed;
}
