import type { AppContext } from '../context.js';
import type { DomainEvent } from '../events/events.js';

/** Sends mail written to the outbox; a mail server that is away means a retry later, not a lost mail. */
export async function mailHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  if (event.type !== 'mail.requested') return;
  await ctx.mailer.send({ to: event.to, subject: event.subject, text: event.text });
}
