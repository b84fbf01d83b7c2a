import type { PollPart, ResultsVisibility } from '../../../shared/api/polls.js';

/** A poll for a feed card: the same for everyone who may read it (cacheable). */
export interface PollCore {
  content_id: number;
  author_id: number;
  multiple: number;
  anonymous: number;
  closes_at: string | null;
  results_visibility: string;
  options: Array<{ id: number; text: string; votes: number }>;
  /** How many people voted. */
  total: number;
}

/** A poll that is a post (kind `poll`): with the post's text. */
export interface PollRow extends PollCore {
  body: string;
  body_html: string;
}

export const isClosed = (row: { closes_at: string | null }, now: Date) =>
  row.closes_at !== null && row.closes_at <= now.toISOString();

/**
 * Whether a viewer sees the counts: always; after voting (or the end; the author always);
 * after the end; or the author only.
 */
export function resultsShown(
  row: PollCore,
  viewer: { id: number; voted: boolean },
  closed: boolean,
): boolean {
  const isAuthor = row.author_id === viewer.id;
  switch (row.results_visibility as ResultsVisibility) {
    case 'always':
      return true;
    case 'after_vote':
      return viewer.voted || closed || isAuthor;
    case 'after_close':
      return closed;
    case 'author':
      return isAuthor;
    default:
      return false;
  }
}

/** The poll part of a feed item; without a viewer (the cached card) nothing is shown or known. */
export function toPollPart(
  row: PollCore,
  viewer?: { id: number; voted: boolean; optionIds: number[] | null; closed: boolean },
): PollPart {
  const closed = viewer?.closed ?? false;
  const shown = viewer ? resultsShown(row, viewer, closed) : false;
  return {
    options: row.options.map((option) => ({
      id: option.id,
      text: option.text,
      votes: shown ? option.votes : null,
    })),
    myVote: row.anonymous === 1 ? null : (viewer?.optionIds ?? null),
    voted: viewer?.voted ?? false,
    closed,
    total: shown ? row.total : null,
    resultsShown: shown,
    multiple: row.multiple === 1,
    anonymous: row.anonymous === 1,
    closesAt: row.closes_at,
    resultsVisibility: row.results_visibility as ResultsVisibility,
  };
}
