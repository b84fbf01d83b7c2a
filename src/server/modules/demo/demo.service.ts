import { handleFromName } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import { hashPassword } from '../../lib/secrets.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson } from '../users/users.service.js';
import { demoDomain, demoPeople } from './demo.people.js';

/** Every demo colleague shares this password, so one can log in as anyone to try mentions and the like. */
export const DEMO_PASSWORD = 'kantine-demo';

export function demoEmail(name: string): string {
  return `${handleFromName(name.replace(/^Dr\. /, ''))}@${demoDomain}`;
}

/**
 * Fills the organisation with demo colleagues. Idempotent: people who already exist are skipped,
 * so running `kantine demo` twice does no harm. Returns how many people were created.
 */
export async function loadDemoCompany(ctx: AppContext): Promise<number> {
  const now = isoNow(ctx.clock);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ctx.database.transaction(async (trx) => {
    let created = 0;
    const heads = new Map<string, number>();
    let ceo: number | null = null;
    // Heads first, so their teams can report to them.
    const ordered = [...demoPeople].sort((a, b) => Number(!!b.head) - Number(!!a.head));
    for (const person of ordered) {
      const email = demoEmail(person.name);
      const existing = await usersRepo.findUserByEmail(trx, email);
      const isCeo = person.department === 'Geschäftsführung' && person.head;
      const managerId: number | null = isCeo
        ? null
        : person.head
          ? ceo
          : (heads.get(person.department) ?? ceo);
      const id: number =
        existing?.id ??
        (await createPerson(trx, now, {
          email,
          name: person.name,
          password: null,
          passwordHash,
          role: 'member',
          title: person.title,
          department: person.department,
          location: person.location,
          phone: `+49 521 9876-${String(100 + created).padStart(3, '0')}`,
          about: person.about,
          skills: person.skills,
          managerId,
        }));
      if (!existing) created++;
      if (isCeo) ceo = id;
      if (person.head) heads.set(person.department, id);
    }
    return created;
  });
}
