import { z } from 'zod';
import type { GuestComment, guestCommentsQuery } from '../../../shared/api/articles.js';
import { text } from '../../../shared/api/common.js';
import type { AppContext } from '../../context.js';
import type { GuestCommentRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow, MINUTE } from '../../lib/clock.js';
import { mentionedUserIds, withMentionNames } from '../../lib/markdown.js';
import { hashSecret } from '../../lib/secrets.js';
import { isEditor } from '../access/rules.js';
import { loadArticle } from '../articles/articles.load.js';
import * as articlesRepo from '../articles/articles.repo.js';
import { countAttempt, isThrottled } from '../auth/auth.service.js';
import { checkChallenge } from '../captcha/captcha.service.js';
import * as usersRepo from '../users/users.repo.js';
import type { NewsroomMessages } from './newsroom.messages.js';
import * as repo from './newsroom.repo.js';

export const MAX_GUEST_COMMENT = 3000;
/** Failed guest comment attempts per address and window; enough for typos, too few for a spam run. */
export const GUEST_ATTEMPTS = 6;
const GUEST_WINDOW = 10 * MINUTE;

/* The captcha is a signed token (captcha module): showing a page stores nothing. */
export { CAPTCHA_LIFETIME, type Challenge, newChallenge } from '../captcha/captcha.service.js';

export function parseAnswer(answer: string, messages: NewsroomMessages): number | undefined {
  const text = answer.trim().toLowerCase();
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const index = messages.numbers.indexOf(text);
  return index >= 0 ? index : undefined;
}

export async function loadPublicArticle(ctx: AppContext, slug: string) {
  const { db } = ctx.database;
  const article = await articlesRepo.findPublicArticle(db, slug);
  if (!article) return undefined;
  const [author, images, comments, mentioned] = await Promise.all([
    usersRepo.findUserById(db, article.author_id),
    repo.imagesOf(db, article.id),
    repo.approvedGuestComments(db, article.id),
    usersRepo.findUsersByIds(db, mentionedUserIds(article.body_html)),
  ]);
  // Mentions read as the person's current name (the newsroom then drops the intranet link).
  const bodyHtml = withMentionNames(
    article.body_html,
    (userId) => mentioned.find((person) => person.id === userId)?.name,
  );
  return { article: { ...article, body_html: bodyHtml }, author, images, comments };
}
export type PublicArticle = NonNullable<Awaited<ReturnType<typeof loadPublicArticle>>>;

export const guestCommentForm = z.object({
  name: text().default(''),
  email: text().default(''),
  website: text().default(''),
  comment: text().default(''),
  captcha_id: text().max(300).default(''),
  captcha_answer: text().max(50).default(''),
  /** The honeypot: hidden from people, filled in by bots. */
  homepage: text().default(''),
});
export type GuestCommentForm = z.infer<typeof guestCommentForm>;

export type FieldErrors = Partial<Record<'name' | 'email' | 'website' | 'comment' | 'captcha', string>>;

export type SubmitResult =
  | { outcome: 'published' | 'pending' | 'ignored' }
  | { outcome: 'closed' | 'throttled' }
  | { outcome: 'invalid'; errors: FieldErrors };

const emailShape = z.email();

/** Checks a guest comment in the page's language; nothing is stored unless everything is right. */
export async function submitGuestComment(
  ctx: AppContext,
  page: PublicArticle,
  form: GuestCommentForm,
  clientIp: string,
  messages: NewsroomMessages,
): Promise<SubmitResult> {
  const { article } = page;
  if (article.guest_comments === 'off') return { outcome: 'closed' };
  // Only failed attempts count: colleagues behind one company address may all comment.
  const throttleKey = `guest:${hashSecret(clientIp)}`;
  if (await isThrottled(ctx, throttleKey, GUEST_ATTEMPTS, GUEST_WINDOW)) return { outcome: 'throttled' };
  const now = isoNow(ctx.clock);
  // The challenge is used up by any attempt, right or wrong.
  const challenge = await checkChallenge(ctx, form.captcha_id, parseAnswer(form.captcha_answer, messages));
  if (form.homepage.trim() !== '') {
    await countAttempt(ctx, throttleKey, GUEST_WINDOW);
    return { outcome: 'ignored' };
  }

  const values = {
    name: form.name.trim(),
    email: form.email.trim().toLowerCase(),
    website: form.website.trim(),
    body: form.comment.replace(/\r\n/g, '\n').trim(),
  };
  const errors: FieldErrors = {};
  const { errors: texts } = messages;
  if (!values.name) errors.name = texts.nameMissing;
  else if (values.name.length > 100) errors.name = texts.nameLong;
  if (!values.email) errors.email = texts.emailMissing;
  else if (values.email.length > 254 || !emailShape.safeParse(values.email).success)
    errors.email = texts.emailInvalid;
  if (values.website && (!/^https?:\/\/[^\s]+$/i.test(values.website) || values.website.length > 200))
    errors.website = texts.websiteInvalid;
  if (!values.body) errors.comment = texts.commentMissing;
  else if (values.body.length > MAX_GUEST_COMMENT) errors.comment = texts.commentLong(MAX_GUEST_COMMENT);
  if (challenge === 'expired') errors.captcha = texts.captchaExpired;
  else if (challenge === 'wrong') errors.captcha = texts.captchaWrong;
  if (Object.keys(errors).length) {
    await countAttempt(ctx, throttleKey, GUEST_WINDOW);
    return { outcome: 'invalid', errors };
  }

  const state = article.guest_comments === 'open' ? 'approved' : 'pending';
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const guestCommentId = await repo.insertGuestComment(trx, {
      contentId: article.id,
      ...values,
      state,
      now,
    });
    emit({ type: 'guest_comment.created', contentId: article.id, guestCommentId });
  });
  return { outcome: state === 'approved' ? 'published' : 'pending' };
}

/* Moderation (editors and admins). */

const mayModerate = (viewer: Viewer) => isEditor(viewer);

function toGuestComment(row: GuestCommentRow & { article_title: string }): GuestComment {
  return {
    id: row.id,
    articleId: row.content_id,
    articleTitle: row.article_title,
    name: row.name,
    email: row.email,
    website: row.website,
    body: row.body,
    state: row.state,
    createdAt: row.created_at,
  };
}

export async function listForModeration(
  ctx: AppContext,
  viewer: Viewer,
  query: z.infer<typeof guestCommentsQuery>,
) {
  if (!mayModerate(viewer)) throw fail.forbidden('Only editors moderate guest comments.', 'not_an_editor');
  const position = readCursor(query.cursor, ['number']);
  const rows = await repo.listGuestComments(
    ctx.database.db,
    viewer.id,
    query.state,
    position?.[0],
    query.limit,
  );
  const items = rows.slice(0, query.limit);
  return {
    items: items.map(toGuestComment),
    nextCursor: rows.length > query.limit ? encodeCursor([items.at(-1)?.id ?? 0]) : null,
  };
}

const stateFor = { approve: 'approved', reject: 'rejected', spam: 'spam' } as const;

export async function moderateComment(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  action: keyof typeof stateFor,
): Promise<GuestComment> {
  if (!mayModerate(viewer)) throw fail.forbidden('Only editors moderate guest comments.', 'not_an_editor');
  const { db } = ctx.database;
  const comment = await repo.findGuestComment(db, id);
  if (!comment) throw fail.notFound('This guest comment does not exist.');
  // Moderating is managing the article: the same rule as editing it.
  await loadArticle(ctx, viewer, comment.content_id, 'manage');
  await ctx.database.transaction((trx) =>
    repo.moderate(trx, id, stateFor[action], viewer.id, isoNow(ctx.clock)),
  );
  const row = await repo.findGuestComment(db, id);
  if (!row) throw fail.notFound('This guest comment does not exist.');
  return toGuestComment(row);
}
