import type { AppContext } from '../../context.js';
import { startClaimedLoop } from '../../lib/claimed-loop.js';
import { publishDuePosts } from './publishing.service.js';

/**
 * Every node looks for due scheduled channel posts at start and then every `seconds` (the same
 * setting as scheduled articles); the claim in publishDuePosts lets exactly one node take each.
 */
export function startSocialScheduler(ctx: AppContext, seconds: number): () => void {
  return startClaimedLoop(ctx.log, seconds, {
    run: () => publishDuePosts(ctx),
    done: { key: 'posts', message: 'scheduled channel posts handed to the outbox' },
    failed: 'publishing scheduled channel posts failed',
  });
}
