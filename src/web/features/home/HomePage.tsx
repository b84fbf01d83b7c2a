import { Link } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/ui';
import type { NewItemMessage } from '../../lib/live';
import { useMe, useMySpaces } from '../../lib/queries';
import { MustReads } from '../articles/MustReads';
import { GuidelinesNotice } from '../social/GuidelinesNotice';
import { SuggestStoryLink } from '../social/SuggestStoryLink';
import { Composer } from '../stream/Composer';
import { Feed, usePrepend } from '../stream/Feed';
import { feedSources, postTargets } from '../stream/queries';
import '../stream/stream.css';
import './home.css';
import '../spaces/spaces.css';

function ProfileNudge() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const missing = [
    !me.avatarUrl && 'avatar',
    !me.title && 'title',
    !me.department && 'department',
    !me.about && 'about',
  ].filter(Boolean) as string[];
  if (missing.length === 0) return null;
  return (
    <section className="card card-highlight" aria-labelledby="complete-profile">
      <h2 id="complete-profile">{t('home.completeTitle')}</h2>
      <p>{t('home.completeText')}</p>
      <ul className="chips">
        {missing.map((item) => (
          <li key={item} className="chip">
            {t(`home.missing.${item}`)}
          </li>
        ))}
      </ul>
      <Link to="/settings" className="button button-primary">
        {t('home.completeAction')}
      </Link>
    </section>
  );
}

function MySpaces() {
  const { t } = useTranslation();
  const spaces = useMySpaces();
  return (
    <section className="card" aria-labelledby="my-spaces">
      <h2 id="my-spaces">{t('home.mySpaces')}</h2>
      <ul className="space-links">
        {spaces.data?.items.map((space) => (
          <li key={space.id}>
            <Link to="/spaces/$id" params={{ id: String(space.id) }}>
              <span className="space-dot" style={{ background: space.color }} aria-hidden="true" />
              {space.name}
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/spaces" className="link-button">
        {t('home.discoverSpaces')}
      </Link>
    </section>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const spaces = useMySpaces();
  const writable = spaces.data?.items.filter((space) => space.permissions.post) ?? [];
  const [target, setTarget] = useState<string>('');
  const chosen =
    target || (writable.find((space) => space.mandatory)?.id ?? writable[0]?.id ?? '').toString();
  const prepend = usePrepend(feedSources.home.key);
  const mySpaceIds = new Set(spaces.data?.items.map((space) => space.id));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the set is rebuilt from the query data it depends on.
  const belongsHere = useCallback(
    (message: NewItemMessage) =>
      (message.data.spaceId !== null && mySpaceIds.has(message.data.spaceId)) ||
      message.data.profileUserId === me.id ||
      (message.data.spaceId === null && message.data.profileUserId === null),
    [spaces.data, me.id],
  );

  const composer = (
    <section className="card" aria-labelledby="compose-title">
      <h2 id="compose-title" className="visually-hidden">
        {t('composer.title')}
      </h2>
      <div className="compose-target">
        <label htmlFor="compose-space">{t('composer.postIn')}</label>
        <select id="compose-space" value={chosen} onChange={(event) => setTarget(event.target.value)}>
          {writable.map((space) => (
            <option key={space.id} value={space.id}>
              {space.name}
            </option>
          ))}
          <option value="profile">{t('composer.myProfile')}</option>
        </select>
      </div>
      <Composer
        endpoint={
          chosen === 'profile' || !chosen ? postTargets.profile(me.id) : postTargets.space(Number(chosen))
        }
        placeholder={t('composer.placeholder')}
        onPosted={prepend}
      />
      <SuggestStoryLink />
    </section>
  );

  return (
    <div className="page page-with-aside">
      <h1 className="page-title">{t('home.greeting', { name: me.name.split(' ')[0] })}</h1>
      <div className="page-main">
        <Feed
          feedKey={feedSources.home.key}
          url={feedSources.home.url}
          belongsHere={belongsHere}
          composer={composer}
          empty={
            <EmptyState title={t('home.emptyFeed')}>
              <p>{t('home.emptyFeedHint')}</p>
            </EmptyState>
          }
        />
      </div>
      <aside className="page-aside" aria-label={t('home.aside')}>
        <MustReads />
        <GuidelinesNotice />
        <ProfileNudge />
        <MySpaces />
      </aside>
    </div>
  );
}
