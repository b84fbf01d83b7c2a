import type { Selectable } from 'kysely';
import type { PasskeysTable } from '../../db/schema.js';

export function presentPasskey(row: Selectable<PasskeysTable>) {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}
