import type { SocialPost } from '../../../shared/api/social.js';
import { type Channel, channelLength, checkPost, shareUrl } from '../../../shared/social/count.js';
import type { SocialAccountRow, SocialPostRow } from '../../db/schema.js';
import { toAccount } from './accounts.service.js';

export const mediaUrl = (postId: number, fileId: string) =>
  `/api/v1/social/posts/${postId}/media/${encodeURIComponent(fileId)}`;

export function toPost(
  row: SocialPostRow,
  parts: { account?: SocialAccountRow; media: Array<{ file_id: string; alt: string }>; link: string | null },
): SocialPost {
  const channel = row.channel as Channel;
  const media = parts.media.map((item) => ({
    fileId: item.file_id,
    alt: item.alt,
    url: mediaUrl(row.id, item.file_id),
  }));
  return {
    id: row.id,
    storyId: row.story_id,
    articleId: row.article_id,
    channel,
    account: parts.account ? toAccount(parts.account) : null,
    text: row.text,
    campaign: row.campaign,
    media,
    state: row.state as SocialPost['state'],
    scheduledAt: row.scheduled_at,
    publishedAt: row.published_at,
    externalUrl: row.external_url,
    error: row.error,
    shareUrl:
      channel === 'mastodon' || channel === 'bluesky' ? null : shareUrl(channel, row.text, parts.link),
    length: channelLength(channel, row.text),
    problems: checkPost(channel, row.text, media),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
