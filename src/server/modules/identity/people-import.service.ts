import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { emailSchema } from '../../../shared/api/common.js';
import { personnelNumberSchema } from '../../../shared/api/identity.js';
import { profileFields } from '../../../shared/api/users.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { newSecret } from '../../lib/secrets.js';
import { placeholderEmail } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson, userSearchText } from '../users/users.service.js';
import * as repo from './identity.repo.js';
import { mayManagePeople } from './people.service.js';

export const IMPORT_COLUMNS = [
  'name',
  'email',
  'personnel_number',
  'title',
  'department',
  'location',
  'phone',
  'manager_email',
] as const;
const MAX_LINES = 10_000;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === undefined ? undefined : value), schema.optional());

const rowSchema = z.object({
  name: optional(profileFields.name),
  email: optional(emailSchema),
  personnel_number: optional(personnelNumberSchema),
  title: optional(profileFields.title),
  department: optional(profileFields.department),
  location: optional(profileFields.location),
  phone: optional(profileFields.phone),
  manager_email: optional(emailSchema),
});
type Row = z.infer<typeof rowSchema>;

export interface ImportLine {
  line: number;
  ok: boolean;
  error?: string;
  action?: 'create' | 'update';
}

interface Planned {
  line: number;
  row: Row;
  existingId: number | null;
}

function readCsv(bytes: Buffer): { line: number; record: Record<string, string> }[] {
  try {
    const records = parse(bytes, {
      bom: true,
      columns: (header: string[]) =>
        header.map((column) =>
          column
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_'),
        ),
      // Spreadsheets in German save with semicolons, others with commas.
      delimiter: [',', ';'],
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, record }));
  } catch (error) {
    throw fail.badRequest('invalid_csv', `The file is not a readable CSV file: ${(error as Error).message}`);
  }
}

/**
 * Imports people from CSV, matched by e-mail, else by personnel number. Nothing is written when a
 * line is wrong, unless `skipBadLines`; `dryRun` only reports what would happen.
 */
export async function importPeople(
  ctx: AppContext,
  viewer: Viewer,
  bytes: Buffer,
  options: { dryRun: boolean; skipBadLines: boolean },
) {
  if (!mayManagePeople(viewer)) throw fail.forbidden('Only administrators may import people.');
  const rows = readCsv(bytes);
  if (rows.length > MAX_LINES) throw fail.badRequest('invalid_csv', `At most ${MAX_LINES} lines per import.`);
  const columns = new Set(rows.flatMap(({ record }) => Object.keys(record)));
  if (rows.length > 0 && !columns.has('name') && !columns.has('email') && !columns.has('personnel_number'))
    throw fail.badRequest(
      'invalid_csv',
      `The first line must name the columns: ${IMPORT_COLUMNS.join(', ')}.`,
    );

  const { db } = ctx.database;
  const lines: ImportLine[] = [];
  const planned: Planned[] = [];
  const emailsInFile = new Set<string>();
  const seen = new Set<string>();
  for (const { line, record } of rows) {
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      lines.push({
        line,
        ok: false,
        error: `${String(issue?.path[0] ?? 'line')}: ${issue?.message ?? 'invalid'}`,
      });
      continue;
    }
    const row = parsed.data;
    const key = row.email ?? (row.personnel_number ? `#${row.personnel_number}` : null);
    if (!key) {
      if (!row.name) {
        lines.push({ line, ok: false, error: 'name: missing' });
        continue;
      }
    } else if (seen.has(key)) {
      lines.push({ line, ok: false, error: 'this person appears twice in the file' });
      continue;
    }
    if (key) seen.add(key);
    const existing =
      (row.email ? await usersRepo.findUserByEmail(db, row.email) : undefined) ??
      (row.personnel_number ? await repo.findUserByPersonnelNumber(db, row.personnel_number) : undefined);
    if (!existing && !row.name) {
      lines.push({ line, ok: false, error: 'name: missing for a new person' });
      continue;
    }
    if (existing && row.personnel_number) {
      const holder = await repo.findUserByPersonnelNumber(db, row.personnel_number);
      if (holder && holder.id !== existing.id) {
        lines.push({ line, ok: false, error: 'personnel_number: belongs to someone else' });
        continue;
      }
    }
    if (row.email) emailsInFile.add(row.email);
    planned.push({ line, row, existingId: existing?.id ?? null });
    lines.push({ line, ok: true, action: existing ? 'update' : 'create' });
  }
  // Managers may be in the file or already in Kantine.
  for (const plan of planned) {
    const managerEmail = plan.row.manager_email;
    if (
      !managerEmail ||
      emailsInFile.has(managerEmail) ||
      (await usersRepo.findUserByEmail(db, managerEmail))
    )
      continue;
    const entry = lines.find((line) => line.line === plan.line);
    if (entry)
      Object.assign(entry, { ok: false, error: 'manager_email: nobody has this address', action: undefined });
  }
  const good = planned.filter((plan) => lines.find((line) => line.line === plan.line)?.ok);
  const hasErrors = lines.some((line) => !line.ok);
  const summary = {
    created: good.filter((plan) => plan.existingId === null).length,
    updated: good.filter((plan) => plan.existingId !== null).length,
  };
  lines.sort((a, b) => a.line - b.line);
  if (options.dryRun || (hasErrors && !options.skipBadLines))
    return {
      lines,
      ...(hasErrors && !options.skipBadLines ? { created: 0, updated: 0 } : summary),
      written: false,
      userIds: [],
    };

  const userIds = await writeImport(ctx, good);
  return { lines, ...summary, written: true, userIds };
}

async function writeImport(ctx: AppContext, plans: Planned[]) {
  const now = isoNow(ctx.clock);
  return ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const ids = new Map<Planned, number>();
    for (const plan of plans) {
      const { row } = plan;
      let id = plan.existingId;
      if (id === null) {
        id = await createPerson(trx, now, {
          email: row.email ?? placeholderEmail(`import-${newSecret(9)}`),
          name: row.name ?? '',
          password: null,
          role: 'member',
          title: row.title,
          department: row.department,
          location: row.location,
          phone: row.phone,
        });
      } else {
        const current = await usersRepo.findUserById(trx, id);
        if (!current) continue;
        const fields = {
          name: row.name ?? current.name,
          handle: current.handle,
          title: row.title ?? current.title,
          department: row.department ?? current.department,
          location: row.location ?? current.location,
          email: current.email,
        };
        await usersRepo.updateUser(trx, id, {
          ...fields,
          phone: row.phone ?? current.phone,
          search_text: userSearchText({ ...fields, skills: JSON.parse(current.skills || '[]') as string[] }),
          updated_at: now,
        });
      }
      if (row.personnel_number) await repo.setPersonnelNumber(trx, id, row.personnel_number);
      ids.set(plan, id);
    }
    for (const [plan, id] of ids) {
      if (!plan.row.manager_email) continue;
      const manager = await usersRepo.findUserByEmail(trx, plan.row.manager_email);
      // A loop (A reports to B reports to A) is left out rather than written.
      if (!manager || manager.id === id || (await usersRepo.managerChainContains(trx, manager.id, id)))
        continue;
      await usersRepo.updateUser(trx, id, { manager_id: manager.id });
    }
    const changed = [...ids.values()];
    for (const userId of changed) emit({ type: 'user.changed', userId });
    return changed;
  });
}
