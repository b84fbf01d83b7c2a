import type { AppContext } from '../context.js';
import type { DomainEvent, EventMeta } from '../events/events.js';
import { isoNow } from '../lib/clock.js';
import { hasEffect, recordEffect } from '../modules/outbox/outbox.repo.js';

/**
 * Sends mail written to the outbox; a mail server that is away means a retry later, not a lost mail.
 * Each sent mail is remembered per (event, recipient): an event run again after a crash (sent, but
 * the node died before the outbox noted it) sends nothing twice. SMTP itself has no idempotency, so
 * a crash in the instant between the server's acceptance and that note can still repeat one mail.
 */
export async function mailHandler(ctx: AppContext, event: DomainEvent, meta: EventMeta): Promise<void> {
  if (event.type !== 'mail.requested') return;
  const { db } = ctx.database;
  if (await hasEffect(db, meta.id, 'mail', event.to)) return;
  await ctx.mailer.send({ to: event.to, subject: event.subject, text: event.text });
  await recordEffect(db, meta.id, 'mail', event.to, isoNow(ctx.clock));
}
