import type { z } from 'zod';
import type { AuditEntry, auditQuery } from '../../../shared/api/audit.js';
import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { toSpaceSummary } from '../spaces/spaces.presenter.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './audit.repo.js';

const mayReadAudit = (viewer: Viewer) => viewer.role === 'admin';

/** The audit trail for administrators, newest first, cursor-paged. */
export async function listAudit(ctx: AppContext, viewer: Viewer, query: z.infer<typeof auditQuery>) {
  if (!mayReadAudit(viewer)) throw fail.forbidden('Only administrators may read the audit trail.');
  const { db } = ctx.database;
  const position = readCursor(query.cursor, ['number']);
  const rows = await repo.auditEntries(db, position?.[0], query.limit);
  const page = rows.slice(0, query.limit);
  const [actors, spaces] = await Promise.all([
    usersRepo.findUsersByIds(db, [...new Set(page.flatMap((row) => (row.actor_id ? [row.actor_id] : [])))]),
    spacesRepo.findSpacesByIds(db, [...new Set(page.flatMap((row) => (row.space_id ? [row.space_id] : [])))]),
  ]);
  const items: AuditEntry[] = page.map((row) => {
    const actor = actors.find((user) => user.id === row.actor_id);
    const space = spaces.find((s) => s.id === row.space_id);
    return {
      id: row.id,
      action: row.action as AuditEntry['action'],
      actor: actor ? toUserSummary(actor) : null,
      space: space ? toSpaceSummary(space) : null,
      details: JSON.parse(row.details) as Record<string, unknown>,
      createdAt: row.created_at,
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}
