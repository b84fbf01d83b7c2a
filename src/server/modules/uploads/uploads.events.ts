import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';

/** Bytes follow their rows: deletes what a committed deletion left in storage (deleting twice is harmless). */
export async function storageCleanupHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  if (event.type !== 'storage.orphaned') return;
  for (const key of event.keys) await ctx.storage.delete(key);
}
