import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/database.js';
import type { DB } from './db/schema.js';
import { builtInKinds } from './kinds/index.js';
import { createKindRegistry } from './kinds/registry.js';
import { isoNow, systemClock } from './lib/clock.js';
import { newSecret } from './lib/secrets.js';
import { localBus } from './live/bus.js';
import { createMailer } from './mail/mailer.js';
import { loadDemoNews } from './modules/demo/demo.news.js';
import { demoDomain, demoOrganisationName, demoPeople } from './modules/demo/demo.people.js';
import { DEMO_PASSWORD, demoEmail, loadDemoCompany, loadDemoStream } from './modules/demo/demo.service.js';
import { claimedSync } from './modules/identity/ldap.sync.js';
import { importPeople } from './modules/identity/people-import.service.js';
import * as orgRepo from './modules/organisation/organisation.repo.js';
import { indexPerson, reindex } from './modules/search/search.service.js';
import { foundOrganisation } from './modules/setup/setup.service.js';
import { createPerson } from './modules/users/users.service.js';
import { storageFor } from './storage/storage.js';

/** A service context for command-line tasks: same database and services as the server, no HTTP. */
export async function withContext<T>(config: Config, task: (ctx: AppContext) => Promise<T>): Promise<T> {
  const log = pino({ level: 'warn' });
  const database = openDatabase(config.database);
  const ctx: AppContext = {
    config,
    database,
    clock: systemClock,
    mailer: createMailer(config.smtpUrl, config.mailFrom, log),
    storage: storageFor(config),
    log,
    // Command-line tasks write directly; nobody is connected to receive live events or notifications.
    events: { publish: async () => {} },
    live: localBus(),
    kinds: createKindRegistry(builtInKinds),
  };
  try {
    await database.migrate();
    return await task(ctx);
  } finally {
    ctx.mailer.close();
    await database.close();
  }
}

/** Creates the organisation unless setup already happened; true when it was created now. */
async function ensureOrganisation(db: Kysely<DB>, now: string, name: string | undefined): Promise<boolean> {
  if (await orgRepo.findOrganisation(db)) return false;
  if (!name) throw new Error('Kantine is not set up yet: pass --organisation "<name>" as well.');
  await foundOrganisation(db, now, name, 'de');
  return true;
}

export async function createAdmin(
  config: Config,
  options: { email: string; name: string; password?: string; organisation?: string },
) {
  const password = options.password ?? newSecret(12);
  if (password.length < 10) throw new Error('The password must be at least 10 characters long.');
  await withContext(config, async (ctx) => {
    await ctx.database.transaction(async (trx) => {
      await ensureOrganisation(trx, isoNow(ctx.clock), options.organisation);
      await createPerson(trx, isoNow(ctx.clock), {
        email: options.email.trim().toLowerCase(),
        name: options.name,
        password,
        role: 'admin',
      });
    });
  });
  return { password };
}

export async function runDemo(config: Config) {
  return withContext(config, async (ctx) => {
    let admin: { email: string; password: string } | undefined;
    if (await ensureOrganisation(ctx.database.db, isoNow(ctx.clock), demoOrganisationName)) {
      admin = { email: `admin@${demoDomain}`, password: newSecret(12) };
      await createPerson(ctx.database.db, isoNow(ctx.clock), {
        email: admin.email,
        name: 'Admin Hansen',
        password: admin.password,
        role: 'admin',
        title: 'Intranet-Administration',
        department: 'IT',
        location: 'Bielefeld',
      });
    }
    const created = await loadDemoCompany(ctx);
    const posts = await loadDemoStream(ctx);
    await loadDemoNews(ctx);
    await reindex(ctx);
    return { created, posts, admin, demoPassword: DEMO_PASSWORD, sampleEmail: demoEmail(demoPeople[0].name) };
  });
}

export async function rebuildSearchIndex(config: Config) {
  return withContext(config, (ctx) => reindex(ctx));
}

/** `kantine import-people FILE`: the admin UI's CSV import from the command line, as the system. */
export async function importPeopleFromFile(
  config: Config,
  bytes: Buffer,
  options: { dryRun: boolean; skipBadLines: boolean },
) {
  return withContext(config, async (ctx) => {
    const system = {
      id: 0,
      role: 'admin' as const,
      name: 'kantine import-people',
      handle: 'system',
      locale: null,
    };
    const result = await importPeople(ctx, { ...system, via: 'token', scope: 'write' }, bytes, options);
    // No event handlers run here; the people enter search directly.
    for (const userId of result.userIds) await indexPerson(ctx, userId);
    return result;
  });
}

/** `kantine ldap-sync`: the same sync as the admin page, holding the same cluster-wide claim. */
export function ldapSync(config: Config, dryRun: boolean) {
  return withContext(config, (ctx) =>
    claimedSync(ctx, { dryRun }).then((result) => {
      if (!result) throw new Error('A directory sync is running already.');
      return result;
    }),
  );
}
