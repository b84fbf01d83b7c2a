import type { CalendarItem } from '../../../shared/api/social.js';
import type { Channel } from '../../../shared/social/count.js';
import type { AppContext } from '../../context.js';
import * as postsRepo from './posts.repo.js';
import { storyUrl } from './stories.presenter.js';
import * as storiesRepo from './stories.repo.js';

/**
 * What the editorial calendar shows, source by source. The calendar service asks every source for
 * the range and merges the answers; it names no source. Another module adds its dates (company
 * events, holidays kept on the server, trade fairs…) with one line below: a source whose `load`
 * answers items of `kind: 'context'` (shown as read-only context, never dragged) and its own `url`.
 * A source answers only what every desk person may see.
 */
export interface CalendarSource {
  /** Names the source in each item (`source`), e.g. 'events'. */
  name: string;
  load(ctx: AppContext, range: { from: string; to: string }): Promise<CalendarItem[]>;
}

const posts: CalendarSource = {
  name: 'posts',
  load: async (ctx, { from, to }) =>
    (await postsRepo.postsBetween(ctx.database.db, from, to)).map((post) => ({
      kind: 'post' as const,
      source: 'posts',
      id: post.id,
      title: post.text.slice(0, 80),
      at: post.published_at ?? post.scheduled_at ?? post.created_at,
      state: post.state,
      channel: post.channel as Channel,
      campaign: post.campaign,
      url: `/social/posts/${post.id}`,
    })),
};

const articles: CalendarSource = {
  name: 'articles',
  load: async (ctx, { from, to }) =>
    (await postsRepo.articlesBetween(ctx.database.db, from, to)).map((article) => ({
      kind: 'article' as const,
      source: 'articles',
      id: article.id,
      title: article.title,
      at: (article.state === 'published' ? article.published_at : article.scheduled_at) ?? from,
      state: article.state,
      channel: null,
      campaign: null,
      url: `/articles/${article.id}`,
    })),
};

const stories: CalendarSource = {
  name: 'stories',
  load: async (ctx, { from, to }) =>
    (await storiesRepo.storiesPlannedBetween(ctx.database.db, from, to)).map((story) => ({
      kind: 'story' as const,
      source: 'stories',
      id: story.id,
      title: story.title,
      at: story.planned_for ?? from,
      state: story.state,
      channel: null,
      campaign: story.campaign,
      url: storyUrl(story.id),
    })),
};

/** The calendar's sources; a module with dates of its own adds one line here. */
export const calendarSources: readonly CalendarSource[] = [posts, articles, stories];
