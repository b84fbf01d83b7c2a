import type { Audience } from '../../../shared/api/surveys.js';
import type { Viewer } from '../../http/viewer.js';

/**
 * Who may run surveys: admins and editors for any audience; a space's admins for an audience of
 * spaces they administer (a team lead asking their team). Managers of a survey are its author and
 * the organisation's admins; they edit it and see its results.
 */
export function mayCreateSurveys(viewer: Pick<Viewer, 'role'>) {
  return viewer.role === 'admin' || viewer.role === 'editor';
}

export function mayAddressAudience(
  viewer: Pick<Viewer, 'role'>,
  audience: Audience,
  administeredSpaceIds: number[],
) {
  if (mayCreateSurveys(viewer)) return true;
  if (!('spaceIds' in audience)) return false;
  const mine = new Set(administeredSpaceIds);
  return audience.spaceIds.every((id) => mine.has(id));
}

export function mayManageSurvey(viewer: Pick<Viewer, 'id' | 'role'>, survey: { created_by: number | null }) {
  return viewer.role === 'admin' || survey.created_by === viewer.id;
}

export type SurveyState = 'scheduled' | 'open' | 'closed';

export function surveyState(
  survey: { opens_at: string | null; closes_at: string | null },
  now: Date,
): SurveyState {
  if (survey.opens_at && Date.parse(survey.opens_at) > now.getTime()) return 'scheduled';
  if (survey.closes_at && Date.parse(survey.closes_at) <= now.getTime()) return 'closed';
  return 'open';
}
