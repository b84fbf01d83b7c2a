import type { CalendarItem } from '../../../shared/api/social.js';
import type { Channel } from '../../../shared/social/count.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { requireDesk } from './desk.service.js';
import * as postsRepo from './posts.repo.js';
import { storyUrl } from './stories.presenter.js';
import * as storiesRepo from './stories.repo.js';

const MAX_RANGE_DAYS = 92;

/** The editorial calendar: channel posts, company news and planned stories in [from, to). */
export async function calendar(ctx: AppContext, viewer: Viewer, range: { from: string; to: string }) {
  await requireDesk(ctx, viewer);
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  if (to <= from || new Date(to).getTime() - new Date(from).getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw fail.badRequest('bad_request', `The range must be positive and at most ${MAX_RANGE_DAYS} days.`);
  const { db } = ctx.database;
  const [posts, articles, stories] = await Promise.all([
    postsRepo.postsBetween(db, from, to),
    postsRepo.articlesBetween(db, from, to),
    storiesRepo.storiesPlannedBetween(db, from, to),
  ]);
  const items: CalendarItem[] = [
    ...posts.map((post) => ({
      kind: 'post' as const,
      id: post.id,
      title: post.text.slice(0, 80),
      at: post.published_at ?? post.scheduled_at ?? post.created_at,
      state: post.state,
      channel: post.channel as Channel,
      campaign: post.campaign,
      url: `/social/posts/${post.id}`,
    })),
    ...articles.map((article) => ({
      kind: 'article' as const,
      id: article.id,
      title: article.title,
      at: (article.state === 'published' ? article.published_at : article.scheduled_at) ?? from,
      state: article.state,
      channel: null,
      campaign: null,
      url: `/articles/${article.id}`,
    })),
    ...stories.map((story) => ({
      kind: 'story' as const,
      id: story.id,
      title: story.title,
      at: story.planned_for ?? from,
      state: story.state,
      channel: null,
      campaign: story.campaign,
      url: storyUrl(story.id),
    })),
  ];
  return {
    items: items.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind) || a.id - b.id),
  };
}
