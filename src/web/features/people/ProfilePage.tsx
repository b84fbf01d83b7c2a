import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Mail, MapPin, Pencil, Phone } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile, UserSummary } from '../../../shared/api/users';
import { Avatar } from '../../components/Avatar';
import { EmptyState, ErrorMessage, formatDate, Skeleton } from '../../components/ui';
import { useMe } from '../../lib/queries';
import { ProfileForm } from '../settings/ProfileForm';
import { Composer } from '../stream/Composer';
import { Feed, usePrepend } from '../stream/Feed';
import { feedSources, postTargets, streamKeys } from '../stream/queries';
import { peopleApi, peopleKeys } from './queries';
import './people.css';
import '../stream/stream.css';

const noLiveBanner = () => false;

function FollowButton({ person }: { person: UserProfile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => peopleApi.follow(person.id, !person.followedByMe),
    onSuccess: ({ following }) => {
      queryClient.setQueryData<UserProfile>(peopleKeys.one(person.id), (current) =>
        current ? { ...current, followedByMe: following } : current,
      );
      void queryClient.invalidateQueries({ queryKey: streamKeys.feed(feedSources.home.key) });
    },
  });
  return (
    <button
      type="button"
      className={person.followedByMe ? 'button' : 'button button-primary'}
      aria-pressed={person.followedByMe}
      onClick={() => toggle.mutate()}
    >
      {person.followedByMe ? t('profile.following') : t('profile.follow')}
    </button>
  );
}

function PersonLink({ person }: { person: UserSummary }) {
  return (
    <Link to="/people/$id" params={{ id: String(person.id) }} className="person-chip">
      <Avatar person={person} size={36} />
      <span>
        <strong>{person.name}</strong>
        <small>{person.title}</small>
      </span>
    </Link>
  );
}

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/people/$id' });
  const me = useMe().data!;
  const [editing, setEditing] = useState(false);
  const prepend = usePrepend(feedSources.profile(Number(id)).key);
  const profile = useQuery({
    queryKey: peopleKeys.one(Number(id)),
    queryFn: () => peopleApi.profile(Number(id)),
  });

  if (profile.isPending)
    return (
      <div className="page">
        <Skeleton lines={6} />
      </div>
    );
  if (profile.isError)
    return (
      <div className="page">
        <ErrorMessage error={profile.error} />
      </div>
    );
  const person = profile.data;
  const isMe = person.id === me.id;

  return (
    <div className="page">
      <section className="card profile-header">
        <Avatar person={person} size={112} />
        <div className="profile-title">
          <h1>{person.name}</h1>
          <p className="profile-role">{[person.title, person.department].filter(Boolean).join(' · ')}</p>
          <p className="muted">@{person.handle}</p>
          {!person.active && <p className="badge badge-warning">{t('profile.deactivated')}</p>}
        </div>
        {!isMe && <FollowButton person={person} />}
        {isMe ? (
          <Link to="/settings" className="button">
            <Pencil size={16} aria-hidden="true" /> {t('profile.edit')}
          </Link>
        ) : (
          me.role === 'admin' && (
            <button
              type="button"
              className="button"
              onClick={() => setEditing(!editing)}
              aria-expanded={editing}
            >
              <Pencil size={16} aria-hidden="true" /> {t('profile.adminEdit')}
            </button>
          )
        )}
      </section>
      {editing && (
        <section className="card" aria-label={t('profile.adminEdit')}>
          <ProfileForm profile={person} owner={person.id} onSaved={() => setEditing(false)} />
        </section>
      )}
      <div className="profile-columns">
        <section className="card" aria-labelledby="contact">
          <h2 id="contact">{t('profile.contact')}</h2>
          <ul className="contact-list">
            <li>
              <Mail size={16} aria-hidden="true" /> <a href={`mailto:${person.email}`}>{person.email}</a>
            </li>
            {person.phone && (
              <li>
                <Phone size={16} aria-hidden="true" />{' '}
                <a href={`tel:${person.phone.replace(/[^0-9+]/g, '')}`}>{person.phone}</a>
              </li>
            )}
            {person.location && (
              <li>
                <MapPin size={16} aria-hidden="true" /> {person.location}
              </li>
            )}
          </ul>
          <p className="muted">
            {t('profileDates.memberSince', { date: formatDate(person.createdAt, i18n.language) })}
          </p>
        </section>
        <section className="card" aria-labelledby="about">
          <h2 id="about">{t('profile.about')}</h2>
          {person.about ? (
            <p className="prewrap">{person.about}</p>
          ) : (
            <p className="muted">{isMe ? t('profile.aboutEmptyMine') : t('profile.aboutEmpty')}</p>
          )}
          {person.skills.length > 0 && (
            <>
              <h3>{t('fields.skills')}</h3>
              <ul className="chips">
                {person.skills.map((skill) => (
                  <li key={skill}>
                    <Link to="/people" search={{ q: skill }} className="chip">
                      {skill}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      {(person.manager || person.reports.length > 0) && (
        <section className="card" aria-labelledby="org">
          <h2 id="org">{t('profile.organisation')}</h2>
          {person.manager && (
            <>
              <h3>{t('profile.manager')}</h3>
              <PersonLink person={person.manager} />
            </>
          )}
          {person.reports.length > 0 && (
            <>
              <h3>{t('profile.reports', { count: person.reports.length })}</h3>
              <ul className="person-grid">
                {person.reports.map((report) => (
                  <li key={report.id}>
                    <PersonLink person={report} />
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <Link to="/org-chart" search={{ rootId: String(person.manager?.id ?? person.id) }}>
              {t('orgChart.showInChart')}
            </Link>
          </p>
        </section>
      )}
      <section aria-labelledby="profile-posts">
        <h2 id="profile-posts">{t('profile.posts')}</h2>
        <Feed
          feedKey={feedSources.profile(person.id).key}
          url={feedSources.profile(person.id).url}
          belongsHere={noLiveBanner}
          composer={
            isMe ? (
              <section className="card" aria-label={t('composer.title')}>
                <Composer
                  endpoint={postTargets.profile(person.id)}
                  placeholder={t('composer.placeholderProfile')}
                  onPosted={prepend}
                />
              </section>
            ) : undefined
          }
          empty={
            <EmptyState
              title={isMe ? t('profile.noPostsMine') : t('profile.noPosts', { name: person.name })}
            />
          }
        />
      </section>
    </div>
  );
}
