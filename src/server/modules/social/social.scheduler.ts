import type { AppContext } from '../../context.js';
import { publishDuePosts } from './publishing.service.js';

/**
 * Every node looks for due scheduled channel posts at start and then every `seconds` (the same
 * setting as scheduled articles); the claim in publishDuePosts lets exactly one node take each.
 */
export function startSocialScheduler(ctx: AppContext, seconds: number): () => void {
  if (seconds === 0) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const claimed = await publishDuePosts(ctx);
      if (claimed.length) ctx.log.info({ posts: claimed }, 'scheduled channel posts handed to the outbox');
    } catch (error) {
      ctx.log.error({ err: error }, 'publishing scheduled channel posts failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
