import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';

/**
 * A vote changed a poll's counts: everyone who may read it is told to fetch it again (`content.updated`
 * in docs/LIVE.md), since what each person may see of the results differs.
 */
async function handle(ctx: AppContext, event: DomainEvent): Promise<void> {
  if (event.type !== 'poll.voted') return;
  await ctx.live.publish({
    audience: { kind: 'content', contentId: event.contentId },
    message: { type: 'content.updated', data: { contentId: event.contentId } },
  });
}

export const pollEvents = { types: ['poll.voted'] as const, handle };
