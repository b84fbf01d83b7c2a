import { shareNetworks } from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import * as repo from './stories.repo.js';

/**
 * Sharing for colleagues: a published story offers plain share links that go through Kantine's own
 * redirect `/s/:id?n=<network>`. Only a count per story and network is kept — no cookie, no
 * address, no person — and the redirect sends no referrer.
 */
export async function shareRedirect(ctx: AppContext, storyId: number, network: string | undefined) {
  const { db } = ctx.database;
  const story = await repo.findStory(db, storyId);
  const target = story?.state === 'published' ? await repo.shareTarget(db, storyId) : null;
  if (!target) throw fail.notFound('Nothing to share here.');
  await ctx.database.transaction((trx) =>
    repo.countClick(
      trx,
      storyId,
      network && (shareNetworks as readonly string[]).includes(network) ? network : 'other',
    ),
  );
  return target.startsWith('/') ? `${(await publicBaseUrl(ctx)).replace(/\/$/, '')}${target}` : target;
}

/** The share block of a published story (null before): the redirect per network and the click count. */
export async function shareOf(ctx: AppContext, story: { id: number; state: string; title: string }) {
  if (story.state !== 'published') return null;
  const { db } = ctx.database;
  if (!(await repo.shareTarget(db, story.id))) return null;
  const base = (await publicBaseUrl(ctx)).replace(/\/$/, '');
  const link = (network: string) => `${base}/s/${story.id}?n=${network}`;
  const text = story.title;
  const networks: Record<(typeof shareNetworks)[number], string> = {
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(link('linkedin'))}`,
    xing: `https://www.xing.com/spi/shares/new?url=${encodeURIComponent(link('xing'))}`,
    x: `https://x.com/intent/post?text=${encodeURIComponent(`${text} ${link('x')}`)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(link('facebook'))}`,
    mastodon: `https://mastodon.social/share?text=${encodeURIComponent(`${text} ${link('mastodon')}`)}`,
    bluesky: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${text} ${link('bluesky')}`)}`,
    copy: link('copy'),
  };
  return {
    text: `${text} ${link('copy')}`,
    links: shareNetworks.map((network) => ({ network, url: networks[network] })),
    clicks: await repo.clicksOf(db, story.id),
  };
}
