import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { calendarSources } from './calendar.sources.js';
import { requireDesk } from './desk.service.js';

const MAX_RANGE_DAYS = 92;

/** The editorial calendar: whatever the sources (channel posts, company news, planned stories, …) have in [from, to). */
export async function calendar(ctx: AppContext, viewer: Viewer, range: { from: string; to: string }) {
  await requireDesk(ctx, viewer);
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  if (to <= from || new Date(to).getTime() - new Date(from).getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw fail.badRequest('bad_request', `The range must be positive and at most ${MAX_RANGE_DAYS} days.`);
  const items = (await Promise.all(calendarSources.map((source) => source.load(ctx, { from, to })))).flat();
  return {
    items: items.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind) || a.id - b.id),
  };
}
