import type { IdeaPart, IdeaStatus } from '../../../shared/api/ideas.js';
import type { IdeasTable } from '../../db/schema.js';

/** An idea's rows for its card: the same for everyone who may read it (cacheable). */
export type IdeaRow = Omit<IdeasTable, 'vote_count'> & {
  vote_count: number;
  space_id: number | null;
  author_id: number;
};

export const pictureUrl = (fileId: string | null) => (fileId ? `/api/v1/files/${fileId}/download` : null);

export function toIdeaPart(
  row: IdeaRow,
  viewer: { myVote: boolean; following: boolean; mayReview: boolean } = {
    myVote: false,
    following: false,
    mayReview: false,
  },
): IdeaPart {
  return {
    title: row.title,
    problem: row.problem,
    proposal: row.proposal,
    pictureUrl: pictureUrl(row.picture_file_id),
    status: row.status as IdeaStatus,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    mergedInto: row.merged_into,
    votes: Number(row.vote_count),
    ...viewer,
  };
}
