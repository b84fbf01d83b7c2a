import type { AppContext } from '../../context.js';
import type { DomainEvent, EventMeta } from '../../events/events.js';
import { notifyWithNote } from '../notifications/notifications.service.js';
import { guidelinesUrl, unconfirmedAmong } from './guidelines.service.js';
import { publishPost } from './publishing.service.js';
import { storyUrl } from './stories.presenter.js';
import * as repo from './stories.repo.js';

/**
 * The desk's side effects: notifications about stories and consents (with the desk's note), and
 * sending channel posts to their networks (retried by the outbox; the idempotency key of each post
 * keeps a retry from posting twice).
 */
export const socialEventTypes = [
  'story.changed',
  'story.consent_requested',
  'story.consent_answered',
  'social_post.publish',
  'social.guidelines_changed',
  'social.desk_right_given',
] as const;

export async function socialHandler(ctx: AppContext, event: DomainEvent, meta: EventMeta): Promise<void> {
  const { db } = ctx.database;
  switch (event.type) {
    case 'story.changed': {
      const story = await repo.findStory(db, event.storyId);
      if (!story) return;
      const link = storyUrl(story.id);
      if (event.state === 'new' && event.actorId === story.author_id) {
        const desk = (await repo.deskMemberIds(db)).filter((id) => id !== event.actorId);
        return notifyWithNote(ctx, desk, 'story_update', {
          actorId: event.actorId,
          note: story.title,
          link,
          eventId: meta.id,
        });
      }
      if (story.author_id === event.actorId) return;
      return notifyWithNote(ctx, [story.author_id], 'story_update', {
        actorId: event.actorId,
        note: event.note ? `${story.title} · ${event.note}` : story.title,
        link,
        eventId: meta.id,
      });
    }
    case 'story.consent_requested': {
      const story = await repo.findStory(db, event.storyId);
      if (!story) return;
      return notifyWithNote(ctx, [event.personId], 'story_consent_request', {
        actorId: event.actorId,
        note: story.title,
        link: storyUrl(story.id),
        eventId: meta.id,
      });
    }
    case 'story.consent_answered': {
      const story = await repo.findStory(db, event.storyId);
      if (!story) return;
      const told = new Set([story.author_id, ...(await repo.deskMemberIds(db))]);
      told.delete(event.actorId);
      return notifyWithNote(ctx, [...told], 'story_consent_answer', {
        actorId: event.actorId,
        note: `${story.title} · ${event.answer}`,
        link: storyUrl(story.id),
        eventId: meta.id,
      });
    }
    case 'social_post.publish':
      return publishPost(ctx, event.postId);
    case 'social.guidelines_changed':
    case 'social.desk_right_given': {
      const asked = await unconfirmedAmong(
        ctx,
        event.type === 'social.desk_right_given' ? [event.userId] : 'desk',
      );
      return notifyWithNote(
        ctx,
        asked.filter((id) => id !== event.actorId),
        'social_guidelines',
        { actorId: event.actorId, note: null, link: guidelinesUrl, eventId: meta.id },
      );
    }
    default:
      return;
  }
}
