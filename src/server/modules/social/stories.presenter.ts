import type { Selectable } from 'kysely';
import type { Story, StoryState } from '../../../shared/api/social.js';
import type { DB, StoryConsentRow, StoryRow, UserRow } from '../../db/schema.js';
import { toUserSummary } from '../users/users.presenter.js';

type PictureRow = Selectable<DB['story_pictures']>;

export const storyUrl = (id: number) => `/social/stories/${id}`;
export const pictureUrl = (storyId: number, fileId: string) =>
  `/api/v1/stories/${storyId}/pictures/${encodeURIComponent(fileId)}`;

export function toStory(
  row: StoryRow,
  parts: {
    author: UserRow;
    pictures: PictureRow[];
    consents: StoryConsentRow[];
    people: Map<number, UserRow>;
    permissions: Story['permissions'];
    share: Story['share'];
  },
): Story {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    link: row.link,
    state: row.state as StoryState,
    note: row.note,
    campaign: row.campaign,
    plannedFor: row.planned_for,
    author: toUserSummary(parts.author),
    pictures: parts.pictures.map((picture) => ({
      fileId: picture.file_id,
      url: pictureUrl(row.id, picture.file_id),
      creator: picture.creator,
      source: picture.source,
      licence: picture.licence,
      alt: picture.alt,
    })),
    consents: parts.consents.map((consent) => {
      const person = consent.person_id === null ? undefined : parts.people.get(consent.person_id);
      return {
        id: consent.id,
        fileId: consent.file_id,
        person: person ? toUserSummary(person) : null,
        externalName: consent.external_name,
        state: consent.state as Story['consents'][number]['state'],
        formUrl:
          consent.form_file_id && parts.permissions.requestConsent
            ? `/api/v1/stories/${row.id}/consents/${consent.id}/form`
            : null,
        createdAt: consent.created_at,
        answeredAt: consent.answered_at,
      };
    }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    permissions: parts.permissions,
    share: parts.share,
  };
}
