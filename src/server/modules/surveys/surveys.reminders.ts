import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import { startClaimedLoop } from '../../lib/claimed-loop.js';
import { DAY, isoIn, isoNow } from '../../lib/clock.js';
import { pushUnreadCounts } from '../notifications/notifications.service.js';
import { audienceOf } from './surveys.presenter.js';
import * as repo from './surveys.repo.js';

/**
 * Once per survey, a day before it closes: a notification to everyone in its audience who has not
 * answered. `survey_participants` is all it needs — it knows whether, never what.
 */
export async function remindDue(ctx: AppContext) {
  const now = isoNow(ctx.clock);
  const due = await repo.dueForReminder(ctx.database.db, now, isoIn(ctx.clock, DAY));
  const reminded: number[] = [];
  for (const row of due) {
    await ctx.database.transaction(async (trx, _afterCommit, emit) => {
      if (!(await repo.claimReminder(trx, row.id, now))) return;
      const userIds = await repo.notAnswered(trx, row.id, audienceOf(row));
      emit({ type: 'survey.reminded', surveyId: row.id, userIds });
      reminded.push(row.id);
    });
  }
  return reminded;
}

export function startSurveyReminders(ctx: AppContext, seconds: number): () => void {
  return startClaimedLoop(ctx.log, seconds, { run: () => remindDue(ctx), failed: 'survey reminders failed' });
}

/** Outbox handler: the reminder notifications (retried with the event; the survey may be gone meanwhile). */
export async function surveyEventsHandler(ctx: AppContext, event: DomainEvent) {
  if (event.type !== 'survey.reminded') return;
  const { db } = ctx.database;
  if (!(await repo.findSurvey(db, event.surveyId))) return;
  await ctx.database.transaction((trx) =>
    repo.insertReminderNotifications(trx, event.surveyId, event.userIds, isoNow(ctx.clock)),
  );
  await pushUnreadCounts(ctx, event.userIds);
}
