import { Link, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SocialAccount } from '../../../shared/api/social';
import { storyStates } from '../../../shared/api/social';
import { EmptyState, ErrorMessage, Notice, RelativeTime, Skeleton } from '../../components/ui';
import { useMe } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { CalendarView } from './CalendarView';
import { GuidelinesDesk } from './Guidelines';
import { GuidelinesNotice } from './GuidelinesNotice';
import { PostList } from './PostEditor';
import { socialApi, useAccounts, usePosts, useSocialMutation, useStories } from './queries';
import { SuggestStoryLink } from './SuggestStoryLink';
import './social.css';

const tabs = ['stories', 'posts', 'calendar', 'accounts', 'guidelines'] as const;
type Tab = (typeof tabs)[number];

/** The social media desk: story inbox, every channel post, the editorial calendar, connected accounts. */
export function DeskPage() {
  const { t } = useTranslation();
  const me = useMe();
  // Back from connecting Mastodon on the instance: `?mastodon=connected|denied|failed`.
  const { mastodon } = useSearch({ strict: false }) as { mastodon?: string };
  const [tab, setTab] = useState<Tab>(mastodon ? 'accounts' : 'stories');
  const desk = me.data?.permissions.socialMedia === true;
  return (
    <div className="page social-page">
      <div className="social-title-row">
        <h1 className="page-title">{desk ? t('social.deskTitle') : t('social.myStories')}</h1>
        <SuggestStoryLink className="button button-primary" />
      </div>
      {desk && <GuidelinesNotice />}
      {desk && (
        <div className="tabs" role="tablist" aria-label={t('social.deskTitle')}>
          {tabs.map((value) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={value === tab}
              onClick={() => setTab(value)}
            >
              {t(`social.tabs.${value}`)}
            </button>
          ))}
        </div>
      )}
      {(!desk || tab === 'stories') && <StoryInbox />}
      {desk && tab === 'posts' && <AllPosts />}
      {desk && tab === 'calendar' && <CalendarView />}
      {desk && tab === 'accounts' && <Accounts outcome={mastodon} />}
      {desk && tab === 'guidelines' && <GuidelinesDesk />}
    </div>
  );
}

function StoryInbox() {
  const { t } = useTranslation();
  const [state, setState] = useState('new');
  const stories = useStories(state);
  return (
    <section>
      <div className="social-filter">
        <label htmlFor="story-filter">{t('social.stateLabel')}</label>
        <select id="story-filter" value={state} onChange={(event) => setState(event.target.value)}>
          <option value="all">{t('social.allStates')}</option>
          {storyStates.map((value) => (
            <option key={value} value={value}>
              {t(`social.state.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={stories.error} />
      {stories.isPending ? (
        <Skeleton lines={4} />
      ) : stories.data?.items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('social.noStories')}>{t('social.noStoriesHint')}</EmptyState>
        </div>
      ) : (
        <ul className="social-story-list">
          {stories.data?.items.map((story) => (
            <li key={story.id} className="card">
              <Link to="/social/stories/$id" params={{ id: String(story.id) }} className="social-story-title">
                {story.title}
              </Link>
              <p className="muted">
                <span className={`social-state social-state-${story.state}`}>
                  {t(`social.state.${story.state}`)}
                </span>{' '}
                · {story.author.name} · <RelativeTime iso={story.createdAt} /> ·{' '}
                {t('social.pictureCount', { count: story.pictures.length })}
                {story.consents.some((consent) => consent.state === 'requested') && (
                  <> · {t('social.consentPending')}</>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AllPosts() {
  const posts = usePosts();
  return (
    <section className="card">
      <ErrorMessage error={posts.error} />
      {posts.isPending ? <Skeleton lines={4} /> : <PostList posts={posts.data?.items ?? []} />}
    </section>
  );
}

function Accounts({ outcome }: { outcome?: string }) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const remove = useSocialMutation((id: number) => socialApi.disconnect(id));
  return (
    <section className="card">
      <h2>{t('social.accounts')}</h2>
      {outcome === 'connected' && <Notice tone="success">{t('social.mastodonOutcome.connected')}</Notice>}
      {(outcome === 'denied' || outcome === 'failed') && (
        <div className="alert alert-error" role="alert">
          {t(`social.mastodonOutcome.${outcome}`)}
        </div>
      )}
      <ul className="social-accounts">
        {accounts.data?.items.map((account) => (
          <li key={account.id}>
            <strong>{t(`social.channels.${account.network}`)}</strong> {account.name}{' '}
            <span className="muted">{account.serviceUrl}</span>{' '}
            <button
              type="button"
              className="link-button link-danger"
              onClick={() => {
                if (window.confirm(t('social.confirmDisconnect'))) remove.mutate(account.id);
              }}
            >
              {t('social.disconnect')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorMessage error={remove.error} />
      <ConnectMastodon />
      <ConnectWithCredentials />
    </section>
  );
}

/** "Mit Mastodon verbinden": Kantine registers itself on the instance, the browser goes there to allow it. */
function ConnectMastodon() {
  const { t } = useTranslation();
  const [instanceUrl, setInstanceUrl] = useState('');
  const submission = useSubmission();
  const connect = useSocialMutation(
    (_: undefined, options) => socialApi.connect({ network: 'mastodon', instanceUrl }, options),
    submission.key,
  );
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submission.run(async () => {
      const answer = await connect.mutateAsync();
      submission.accepted();
      if ('authorizeUrl' in answer) window.location.assign(answer.authorizeUrl);
    });
  }
  return (
    <form className="form" onSubmit={onSubmit}>
      <h3>{t('social.connectMastodon')}</h3>
      <div className="field">
        <label htmlFor="mastodon-instance">{t('social.instanceUrl')}</label>
        <input
          id="mastodon-instance"
          type="url"
          required
          value={instanceUrl}
          placeholder="https://mastodon.social"
          onChange={(event) => setInstanceUrl(event.target.value)}
        />
        <p className="field-hint">{t('social.connectMastodonHint')}</p>
      </div>
      <ErrorMessage error={connect.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={connect.isPending}>
          {t('social.connectMastodon')}
        </button>
      </div>
    </form>
  );
}

/** Bluesky with an app password, or Mastodon with a token created on the instance by hand. */
function ConnectWithCredentials() {
  const { t } = useTranslation();
  const [network, setNetwork] = useState<SocialAccount['network']>('bluesky');
  const [url, setUrl] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [secret, setSecret] = useState('');
  const submission = useSubmission();
  const connect = useSocialMutation(
    (_: undefined, options) =>
      socialApi.connect(
        network === 'mastodon'
          ? { network, instanceUrl: url, accessToken: secret }
          : { network, identifier, appPassword: secret, serviceUrl: url || undefined },
        options,
      ),
    submission.key,
  );
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submission.run(async () => {
      await connect.mutateAsync();
      submission.accepted();
      setSecret('');
    });
  }
  return (
    <form className="form" onSubmit={onSubmit}>
      <h3>{t('social.connectAccount')}</h3>
      <div className="field">
        <label htmlFor="account-network">{t('social.channel')}</label>
        <select
          id="account-network"
          value={network}
          onChange={(event) => setNetwork(event.target.value as SocialAccount['network'])}
        >
          <option value="bluesky">{t('social.channels.bluesky')}</option>
          <option value="mastodon">{t('social.mastodonWithToken')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="account-url">
          {network === 'mastodon' ? t('social.instanceUrl') : t('social.serviceUrl')}
        </label>
        <input
          id="account-url"
          type="url"
          value={url}
          placeholder={network === 'mastodon' ? 'https://mastodon.social' : 'https://bsky.social'}
          onChange={(event) => setUrl(event.target.value)}
        />
      </div>
      {network === 'bluesky' && (
        <div className="field">
          <label htmlFor="account-identifier">{t('social.handle')}</label>
          <input
            id="account-identifier"
            value={identifier}
            onChange={(event) => setIdentifier(event.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor="account-secret">
          {network === 'mastodon' ? t('social.accessToken') : t('social.appPassword')}
        </label>
        <input
          id="account-secret"
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <p className="field-hint">{t('social.secretHint')}</p>
      </div>
      <ErrorMessage error={connect.error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={connect.isPending}>
          {t('social.connect')}
        </button>
      </div>
    </form>
  );
}
