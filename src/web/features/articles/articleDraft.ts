import type { Article, GuestCommentsMode } from '../../../shared/api/articles';
import { ApiError } from '../../lib/api-error';
import { toLocal } from '../../lib/localTime';
import type { Rights } from './ImageRightsEditor';

export interface Draft {
  title: string;
  teaser: string;
  body: string;
  category: string;
  spaceId: string;
  isPublic: boolean;
  guestComments: GuestCommentsMode;
  mustRead: boolean;
  mustReadSpaceIds: number[];
  deadline: string;
  publishAt: string;
}

/** The pictures the server named as lacking credits, as long as their credits are still incomplete here. */
export function imagesLackingRights(error: unknown, rights: Record<string, Rights>): Set<string> {
  if (!(error instanceof ApiError) || error.code !== 'image_rights_missing') return new Set();
  const fileIds = (error.details as { fileIds?: unknown } | undefined)?.fileIds;
  if (!Array.isArray(fileIds)) return new Set();
  const incomplete = (id: string) => {
    const wanted = rights[id];
    return !(wanted?.creator.trim() && wanted.source.trim() && wanted.licence.trim());
  };
  return new Set(fileIds.filter((id): id is string => typeof id === 'string' && incomplete(id)));
}

export function draftFrom(article: Article | undefined): Draft {
  return {
    title: article?.title ?? '',
    teaser: article?.teaser ?? '',
    body: article?.body ?? '',
    category: article?.category ?? '',
    spaceId: article?.space ? String(article.space.id) : '',
    isPublic: article?.isPublic ?? false,
    guestComments: article?.guestComments ?? 'moderated',
    mustRead: article?.mustRead !== null && article?.mustRead !== undefined,
    mustReadSpaceIds: article?.mustRead?.spaceIds ?? [],
    deadline: toLocal(article?.mustRead?.deadline),
    publishAt: toLocal(article?.scheduledAt),
  };
}
