import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { GuestComment, guestCommentsQuery } from '../../../shared/api/articles.js';
import type { AppContext } from '../../context.js';
import type { GuestCommentRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoIn, isoNow, MINUTE } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { isEditor } from '../access/rules.js';
import { loadArticle } from '../articles/articles.load.js';
import * as articlesRepo from '../articles/articles.repo.js';
import { countAttempt, isThrottled } from '../auth/auth.service.js';
import * as usersRepo from '../users/users.repo.js';
import type { NewsroomMessages } from './newsroom.messages.js';
import * as repo from './newsroom.repo.js';

export const CAPTCHA_LIFETIME = 30 * MINUTE;
export const MAX_GUEST_COMMENT = 3000;
/** Guest comment attempts per address and window; enough for typos, too few for a spam run. */
export const GUEST_ATTEMPTS = 6;
const GUEST_WINDOW = 10 * MINUTE;

export interface Challenge {
  id: string;
  a: number;
  b: number;
}

/** A small sum written in words ("neun + sechs ="); only its answer is stored, for 30 minutes, for one try. */
export async function newChallenge(ctx: AppContext): Promise<Challenge> {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const id = newSecret(18);
  await repo.insertChallenge(
    ctx.database.db,
    id,
    a + b,
    isoIn(ctx.clock, CAPTCHA_LIFETIME),
    isoNow(ctx.clock),
  );
  return { id, a, b };
}

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
  const [author, images, comments] = await Promise.all([
    usersRepo.findUserById(db, article.author_id),
    repo.imagesOf(db, article.id),
    repo.approvedGuestComments(db, article.id),
  ]);
  return { article, author, images, comments };
}
export type PublicArticle = NonNullable<Awaited<ReturnType<typeof loadPublicArticle>>>;

export const guestCommentForm = z.object({
  name: z.string().default(''),
  email: z.string().default(''),
  website: z.string().default(''),
  comment: z.string().default(''),
  captcha_id: z.string().max(100).default(''),
  captcha_answer: z.string().max(50).default(''),
  /** The honeypot: hidden from people, filled in by bots. */
  homepage: z.string().default(''),
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
  const { db } = ctx.database;
  if (await throttled(ctx, `guest:${hashSecret(clientIp)}`)) return { outcome: 'throttled' };
  const now = isoNow(ctx.clock);
  // The challenge is used up by any attempt, right or wrong.
  const challenge = form.captcha_id ? await repo.consumeChallenge(db, form.captcha_id, now) : undefined;
  if (form.homepage.trim() !== '') return { outcome: 'ignored' };

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
  if (!challenge) errors.captcha = texts.captchaExpired;
  else if (parseAnswer(form.captcha_answer, messages) !== challenge.answer)
    errors.captcha = texts.captchaWrong;
  if (Object.keys(errors).length) return { outcome: 'invalid', errors };

  const state = article.guest_comments === 'open' ? 'approved' : 'pending';
  await ctx.database.transaction(async (trx, afterCommit) => {
    const guestCommentId = await repo.insertGuestComment(trx, {
      contentId: article.id,
      ...values,
      state,
      now,
    });
    afterCommit(() =>
      ctx.events.publish({ type: 'guest_comment.created', contentId: article.id, guestCommentId }),
    );
  });
  return { outcome: state === 'approved' ? 'published' : 'pending' };
}

/** Counts an attempt from this address; true once the window's allowance is spent. */
async function throttled(ctx: AppContext, key: string): Promise<boolean> {
  if (await isThrottled(ctx, key, GUEST_ATTEMPTS, GUEST_WINDOW)) return true;
  await countAttempt(ctx, key, GUEST_WINDOW);
  return false;
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
