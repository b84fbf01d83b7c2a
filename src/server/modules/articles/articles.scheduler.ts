import type { AppContext } from '../../context.js';
import { publishDue } from './publishing.service.js';

/**
 * Every node looks for due scheduled articles at start (so restarts catch up) and then every
 * `seconds`; publishDue lets exactly one node publish each. Returns the function that stops it.
 */
export function startScheduler(ctx: AppContext, seconds: number): () => void {
  if (seconds === 0) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const published = await publishDue(ctx);
      if (published.length) ctx.log.info({ articles: published }, 'scheduled articles published');
    } catch (error) {
      ctx.log.error({ err: error }, 'publishing scheduled articles failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
