import type { AppContext } from '../../context.js';
import { startClaimedLoop } from '../../lib/claimed-loop.js';
import { publishDue } from './publishing.service.js';

/**
 * Every node looks for due scheduled articles at start (so restarts catch up) and then every
 * `seconds`; publishDue lets exactly one node publish each. Returns the function that stops it.
 */
export function startScheduler(ctx: AppContext, seconds: number): () => void {
  return startClaimedLoop(ctx.log, seconds, {
    run: () => publishDue(ctx),
    done: { key: 'articles', message: 'scheduled articles published' },
    failed: 'publishing scheduled articles failed',
  });
}
