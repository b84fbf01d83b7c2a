import type { AppContext } from '../context.js';

/** What happened: written to the outbox in the transaction that made it happen, handled after commit. */
export type DomainEvent =
  | { type: 'content.created'; contentId: number; authorId: number; mentionedUserIds: number[] }
  | { type: 'content.updated'; contentId: number; authorId: number; newlyMentionedUserIds: number[] }
  | { type: 'content.deleted'; contentId: number; spaceId: number | null; profileUserId: number | null }
  | {
      type: 'comment.created';
      commentId: number;
      contentId: number;
      authorId: number;
      parentAuthorId: number | null;
      mentionedUserIds: number[];
    }
  | { type: 'comment.changed'; commentId: number; contentId: number; deleted: boolean }
  | { type: 'reaction.changed'; contentId: number; userId: number; added: boolean }
  | { type: 'space.invited'; spaceId: number; userId: number; actorId: number }
  | { type: 'space.requested'; spaceId: number; userId: number }
  | { type: 'space.approved'; spaceId: number; userId: number; actorId: number }
  | { type: 'space.changed'; spaceId: number; created?: boolean }
  | { type: 'user.changed'; userId: number; change?: 'created' | 'deactivated' }
  | { type: 'file.changed'; fileId: string; deleted: boolean }
  | { type: 'article.published'; contentId: number; actorId: number }
  | { type: 'must_read.reminded'; contentId: number; actorId: number; userIds: number[] }
  | { type: 'guest_comment.created'; contentId: number; guestCommentId: number }
  | { type: 'space.made_public'; spaceId: number; actorId: number }
  /** One ActivityPub activity for one remote inbox (the newsroom's followers): signed and sent, retried on its own. */
  | { type: 'fediverse.delivery'; inbox: string; activity: Record<string, unknown> }
  /** The social desk moved a story on (or a colleague suggested one: state 'new'). */
  | { type: 'story.changed'; storyId: number; actorId: number; state: string; note: string | null }
  | { type: 'story.consent_requested'; storyId: number; consentId: number; personId: number; actorId: number }
  | { type: 'story.consent_answered'; storyId: number; consentId: number; actorId: number; answer: string }
  /** A channel post to send to its network (publish now, or the scheduler found it due). */
  | { type: 'social_post.publish'; postId: number }
  /** A new version of the social-media guidelines: everyone with the right is asked to confirm it. */
  | { type: 'social.guidelines_changed'; guidelinesId: number; actorId: number }
  /** An administrator gave someone the social-media right: they are asked to confirm the guidelines. */
  | { type: 'social.desk_right_given'; userId: number; actorId: number }
  /** A survey's one reminder, for the audience members who had not answered (surveys module). */
  | { type: 'survey.reminded'; surveyId: number; userIds: number[] }
  /** Someone voted in a poll or withdrew: no person, no option (anonymous polls must not link them). */
  | { type: 'poll.voted'; contentId: number }
  | { type: 'idea.voted'; contentId: number }
  /** An idea's status changed: its author and followers are told once (the change's id keeps it once). */
  | { type: 'idea.status_changed'; contentId: number; changeId: number; actorId: number }
  /** Stored bytes whose rows are gone (posts, articles, spaces, files, versions, avatars). */
  | { type: 'storage.orphaned'; keys: string[] }
  /** A mail to send; its payload is blanked once sent (it may carry a reset link). */
  | { type: 'mail.requested'; to: string; subject: string; text: string; html?: string }
  /** One webhook's copy of an event: retried on its own, the original event's id in the payload. */
  | {
      type: 'webhook.delivery';
      webhookId: number;
      eventId: number;
      eventType: string;
      occurredAt: string;
      data: Record<string, unknown>;
    };

/** Where an event came from in the outbox: its id stays the same on every retry. */
export interface EventMeta {
  id: number;
  occurredAt: string;
  attempt: number;
}

export type EventHandler = (ctx: AppContext, event: DomainEvent, meta: EventMeta) => Promise<void>;

/**
 * Publishes an event outside a transaction (written to the outbox at once). Services that change
 * data emit their events inside the change's transaction instead (`emit` of `transaction`).
 */
export interface EventDispatcher {
  publish(event: DomainEvent): Promise<void>;
}
