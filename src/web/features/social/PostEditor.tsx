import { ExternalLink, Send, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SocialPost, Story } from '../../../shared/api/social';
import {
  apiChannels,
  type Channel,
  channelLength,
  channelRules,
  channels,
  checkPost,
  utf8Bytes,
} from '../../../shared/social/count';
import { ErrorMessage, formatDate } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { PicturePicker } from './PicturePicker';
import { socialApi, useAccounts, useSocialMutation } from './queries';

/** Writes a channel post for a story, counting the chosen network's limits live (the server counts the same). */
export function PostEditor({ story }: { story: Story }) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const [channel, setChannel] = useState<Channel>('mastodon');
  const [text, setText] = useState(story.body ? `${story.title}\n\n${story.body}` : story.title);
  const [accountId, setAccountId] = useState('');
  const [campaign, setCampaign] = useState(story.campaign ?? '');
  const [scheduledAt, setScheduledAt] = useState('');
  const [alts, setAlts] = useState<Record<string, string>>(() =>
    Object.fromEntries(story.pictures.map((picture) => [picture.fileId, picture.alt ?? ''])),
  );
  const [chosen, setChosen] = useState<string[]>(story.pictures.map((picture) => picture.fileId));
  const submission = useSubmission();
  const media = chosen.map((fileId) => ({ fileId, alt: alts[fileId] ?? '' }));
  const problems = checkPost(channel, text, media);
  const rules = channelRules[channel];
  const length = channelLength(channel, text);
  const ownAccounts = accounts.data?.items.filter((account) => account.network === channel) ?? [];
  const create = useSocialMutation(
    (_: undefined, options) =>
      socialApi.createPost(
        {
          storyId: story.id,
          channel,
          accountId: accountId ? Number(accountId) : undefined,
          text,
          media,
          campaign: campaign || undefined,
          scheduledAt: scheduledAt ? new Date(scheduledAt).toISOString() : undefined,
        },
        options,
      ),
    submission.key,
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submission.run(async () => {
      await create.mutateAsync();
      submission.accepted();
    });
  }

  return (
    <form className="social-post-editor form" onSubmit={onSubmit}>
      <h3>{t('social.newPost')}</h3>
      <div className="social-row">
        <div className="field">
          <label htmlFor="post-channel">{t('social.channel')}</label>
          <select
            id="post-channel"
            value={channel}
            onChange={(event) => {
              setChannel(event.target.value as Channel);
              setAccountId('');
            }}
          >
            {channels.map((value) => (
              <option key={value} value={value}>
                {t(`social.channels.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {apiChannels.includes(channel) && (
          <div className="field">
            <label htmlFor="post-account">{t('social.account')}</label>
            <select
              id="post-account"
              value={accountId}
              onChange={(event) => setAccountId(event.target.value)}
            >
              <option value="">{t('social.chooseAccount')}</option>
              {ownAccounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="post-campaign">{t('social.campaign')}</label>
          <input id="post-campaign" value={campaign} onChange={(event) => setCampaign(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="post-scheduled">{t('social.scheduleAt')}</label>
          <input
            id="post-scheduled"
            type="datetime-local"
            value={scheduledAt}
            onChange={(event) => setScheduledAt(event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="post-text">{t('social.postText')}</label>
        <textarea
          id="post-text"
          rows={6}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby="post-count"
        />
        <p
          id="post-count"
          className={`field-hint social-count${length > rules.maxLength ? ' social-count-over' : ''}`}
          aria-live="polite"
        >
          {t('social.count', { count: length, limit: rules.maxLength })}
          {rules.maxBytes !== undefined && (
            <> · {t('social.bytes', { count: utf8Bytes(text), limit: rules.maxBytes })}</>
          )}
        </p>
      </div>
      <PicturePicker
        mode="many"
        idPrefix="post"
        legend={t('social.pictures')}
        pictures={story.pictures}
        chosen={chosen}
        onChosen={setChosen}
        alts={alts}
        onAlt={(fileId, alt) => setAlts((all) => ({ ...all, [fileId]: alt }))}
      />
      <Problems problems={problems} />
      <LinkPreview text={text} link={story.link} />
      <ErrorMessage error={create.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {scheduledAt && problems.length === 0 ? t('social.saveScheduled') : t('social.saveDraft')}
        </button>
      </div>
    </form>
  );
}

export function Problems({ problems }: { problems: SocialPost['problems'] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="social-problems" role="status">
      {problems.map((problem) => (
        <li key={`${problem.code}-${problem.picture ?? ''}`}>
          {t(`social.problem.${problem.code}`, {
            limit: problem.limit,
            count: problem.count,
            picture: (problem.picture ?? 0) + 1,
          })}
        </li>
      ))}
    </ul>
  );
}

/** How the first link will look as a card (Kantine fetches nothing: title and host only). */
function LinkPreview({ text, link }: { text: string; link: string | null }) {
  const { t } = useTranslation();
  const url = text.match(/https?:\/\/\S+/)?.[0] ?? link;
  if (!url) return null;
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    return null;
  }
  return (
    <p className="social-link-preview">
      <span className="visually-hidden">{t('social.linkPreview')}: </span>
      <span className="muted">{host}</span>
      <span>{url}</span>
    </p>
  );
}

/** All channel posts with state, time and link, and what can be done next with each. */
export function PostList({ posts }: { posts: SocialPost[] }) {
  const { t, i18n } = useTranslation();
  const publish = useSocialMutation((id: number) => socialApi.publish(id));
  const mark = useSocialMutation(({ id, url }: { id: number; url: string }) =>
    socialApi.markPublished(id, url),
  );
  const remove = useSocialMutation((id: number) => socialApi.deletePost(id));
  const [links, setLinks] = useState<Record<number, string>>({});
  if (posts.length === 0) return <p className="muted">{t('social.noPosts')}</p>;
  return (
    <>
      <ErrorMessage error={publish.error ?? mark.error ?? remove.error} />
      <ul className="social-post-list">
        {posts.map((post) => {
          const at = post.publishedAt ?? post.scheduledAt;
          return (
            <li key={post.id} className="social-post-row">
              <div className="social-post-head">
                <strong>{t(`social.channels.${post.channel}`)}</strong>
                {post.account && <span className="muted"> {post.account.name}</span>}
                <span className={`social-state social-post-${post.state}`}>
                  {t(`social.postState.${post.state}`)}
                </span>
                {at && <span className="muted">{formatDate(at, i18n.language, true)}</span>}
                {post.campaign && <span className="social-campaign">{post.campaign}</span>}
              </div>
              <p className="social-post-text">{post.text}</p>
              <p className="muted">
                {t('social.count', { count: post.length, limit: channelRules[post.channel].maxLength })}
              </p>
              <Problems problems={post.problems} />
              {post.error && <p className="field-error">{post.error}</p>}
              {post.externalUrl && (
                <p>
                  <a href={post.externalUrl} rel="noreferrer" target="_blank">
                    <ExternalLink size={14} aria-hidden="true" /> {t('social.viewPublished')}
                  </a>
                </p>
              )}
              <div className="form-actions">
                {apiChannels.includes(post.channel) &&
                  post.state !== 'published' &&
                  post.state !== 'publishing' && (
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={publish.isPending || post.problems.length > 0}
                      onClick={() => publish.mutate(post.id)}
                    >
                      <Send size={16} aria-hidden="true" /> {t('social.publishNow')}
                    </button>
                  )}
                {post.shareUrl && post.state !== 'published' && (
                  <>
                    <a className="button" href={post.shareUrl} target="_blank" rel="noreferrer">
                      <ExternalLink size={16} aria-hidden="true" /> {t('social.openShare')}
                    </a>
                    <form
                      className="inline-form"
                      onSubmit={(event) => {
                        event.preventDefault();
                        const url = links[post.id];
                        if (url && !mark.isPending) mark.mutate({ id: post.id, url });
                      }}
                    >
                      <label htmlFor={`mark-${post.id}`} className="visually-hidden">
                        {t('social.publishedLink')}
                      </label>
                      <input
                        id={`mark-${post.id}`}
                        type="url"
                        placeholder={t('social.publishedLink')}
                        value={links[post.id] ?? ''}
                        onChange={(event) => setLinks((all) => ({ ...all, [post.id]: event.target.value }))}
                      />
                      <button type="submit" className="button" disabled={mark.isPending}>
                        {t('social.markPublished')}
                      </button>
                    </form>
                  </>
                )}
                {post.state !== 'publishing' && (
                  <button
                    type="button"
                    className="link-button link-danger"
                    onClick={() => {
                      if (window.confirm(t('social.confirmDelete'))) remove.mutate(post.id);
                    }}
                  >
                    <Trash2 size={16} aria-hidden="true" /> {t('social.delete')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
