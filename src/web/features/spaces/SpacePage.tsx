import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Bell, BellOff, Users } from 'lucide-react';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../../shared/api/spaces';
import { SpaceAvatar } from '../../components/SpaceAvatar';
import { EmptyState, ErrorMessage, Field, Skeleton } from '../../components/ui';
import type { NewItemMessage } from '../../lib/live';
import { queryKeys } from '../../lib/queries';
import { IdeasBoard } from '../ideas/IdeasBoard';
import { notificationsApi } from '../notifications/queries';
import { Composer } from '../stream/Composer';
import { Feed, usePrepend } from '../stream/Feed';
import { feedSources, postTargets } from '../stream/queries';
import { SpaceMembershipButton } from './SpaceActions';
import { SpaceFiles } from './SpaceFiles';
import { SpaceMembers } from './SpaceMembers';
import { visibilityIcon } from './SpacesPage';
import '../stream/stream.css';
import { spaceKeys, spacesApi } from './queries';
import './spaces.css';

function MuteButton({ spaceId }: { spaceId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: queryKeys.notificationSettings,
    queryFn: notificationsApi.settings,
  });
  const muted = settings.data?.mutedSpaceIds.includes(spaceId) ?? false;
  const toggle = useMutation({
    mutationFn: () =>
      notificationsApi.updateSettings({
        mutedSpaceIds: muted
          ? settings.data!.mutedSpaceIds.filter((id) => id !== spaceId)
          : [...(settings.data?.mutedSpaceIds ?? []), spaceId],
      }),
    onSuccess: (updated) => queryClient.setQueryData(queryKeys.notificationSettings, updated),
  });
  if (!settings.data) return null;
  return (
    <button type="button" className="button" onClick={() => toggle.mutate()} aria-pressed={muted}>
      {muted ? <BellOff size={16} aria-hidden="true" /> : <Bell size={16} aria-hidden="true" />}{' '}
      {muted ? t('spaces.unmute') : t('spaces.mute')}
    </button>
  );
}

function SpaceSettings({ space }: { space: Space }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: space.name,
    description: space.description,
    visibility: space.visibility,
  });
  const save = useMutation({
    mutationFn: (changes: object) => spacesApi.update(space.id, changes),
    onSuccess: (updated) => {
      queryClient.setQueryData(spaceKeys.one(space.id), updated);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.lists });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(form);
  }
  const picture = useMutation({
    mutationFn: (file: File | null) => spacesApi.setPicture(space.id, file),
    onSuccess: (updated) => {
      queryClient.setQueryData(spaceKeys.one(space.id), updated);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.lists });
    },
  });
  return (
    <section className="card" aria-labelledby="space-settings">
      <h2 id="space-settings">{t('spaces.settings')}</h2>
      <div className="avatar-upload">
        <SpaceAvatar space={space} size={72} />
        <label htmlFor="space-picture" className="button">
          {t('spaces.pictureUpload')}
        </label>
        <input
          id="space-picture"
          type="file"
          accept="image/*"
          className="visually-hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) picture.mutate(file);
            event.target.value = '';
          }}
        />
        {space.avatarUrl && (
          <button type="button" className="link-button" onClick={() => picture.mutate(null)}>
            {t('spaces.pictureRemove')}
          </button>
        )}
        <ErrorMessage error={picture.error} />
      </div>
      <form onSubmit={submit} className="form-narrow">
        <Field
          label={t('spaces.name')}
          name="name"
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
          required
          maxLength={80}
        />
        <Field
          label={t('spaces.description')}
          name="description"
          value={form.description}
          onChange={(description) => setForm({ ...form, description })}
          multiline
          maxLength={1000}
        />
        {!space.mandatory && (
          <div className="field">
            <label htmlFor="space-visibility">{t('spaces.visibility')}</label>
            <select
              id="space-visibility"
              value={form.visibility}
              onChange={(event) =>
                setForm({ ...form, visibility: event.target.value as Space['visibility'] })
              }
            >
              {(['public', 'private', 'secret'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`spaces.visibilities.${v}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <ErrorMessage error={save.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => save.mutate({ archived: !space.archived })}>
            {space.archived ? t('spaces.unarchive') : t('spaces.archive')}
          </button>
        </div>
      </form>
    </section>
  );
}

const spaceTabs = ['posts', 'ideas', 'files', 'members', 'settings'] as const;
type SpaceTab = (typeof spaceTabs)[number];

export function SpacePage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/spaces/$id' });
  const spaceId = Number(id);
  // The tab lives in the URL (`?tab=`), so reload and back keep it.
  const { tab: tabInUrl } = useSearch({ from: '/app/spaces/$id' });
  const navigate = useNavigate();
  const tab: SpaceTab = spaceTabs.find((value) => value === tabInUrl) ?? 'posts';
  const setTab = (next: SpaceTab) =>
    void navigate({
      to: '/spaces/$id',
      params: { id },
      search: { tab: next === 'posts' ? undefined : next },
    });
  const space = useQuery({
    queryKey: spaceKeys.one(spaceId),
    queryFn: () => spacesApi.get(spaceId),
  });
  const prepend = usePrepend(feedSources.space(spaceId).key);
  const belongsHere = useCallback((message: NewItemMessage) => message.data.spaceId === spaceId, [spaceId]);
  if (space.isPending)
    return (
      <div className="page">
        <Skeleton lines={6} />
      </div>
    );
  if (space.isError)
    return (
      <div className="page">
        <ErrorMessage error={space.error} />
      </div>
    );
  const data = space.data;
  const Icon = visibilityIcon[data.visibility];
  const canRead = data.visibility === 'public' || data.membership?.status === 'member';
  return (
    <div className="page">
      <header className="card space-header" style={{ borderTopColor: data.color }}>
        <SpaceAvatar space={data} size={64} />
        <div className="space-header-text">
          <h1 className="page-title">{data.name}</h1>
          <p className="muted space-card-meta">
            <Icon size={14} aria-hidden="true" /> {t(`spaces.visibilities.${data.visibility}`)} ·{' '}
            <Users size={14} aria-hidden="true" /> {t('spaces.memberCount', { count: data.memberCount })}
            {data.mandatory && <> · {t('spaces.mandatory')}</>}
            {data.archived && <> · {t('spaces.archived')}</>}
          </p>
          {data.description && <p>{data.description}</p>}
        </div>
        <div className="space-header-actions">
          <SpaceMembershipButton space={data} />
          {data.membership?.status === 'member' && <MuteButton spaceId={spaceId} />}
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label={t('spaces.sections')}>
        <button type="button" role="tab" aria-selected={tab === 'posts'} onClick={() => setTab('posts')}>
          {t('spaces.posts')}
        </button>
        {canRead && (
          <button type="button" role="tab" aria-selected={tab === 'ideas'} onClick={() => setTab('ideas')}>
            {t('ideas.title')}
          </button>
        )}
        {canRead && (
          <button type="button" role="tab" aria-selected={tab === 'files'} onClick={() => setTab('files')}>
            {t('files.title')}
          </button>
        )}
        {canRead && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'members'}
            onClick={() => setTab('members')}
          >
            {t('spaces.members')}
          </button>
        )}
        {data.permissions.manage && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'settings'}
            onClick={() => setTab('settings')}
          >
            {t('spaces.settings')}
          </button>
        )}
      </div>
      {tab === 'members' && <SpaceMembers space={data} />}
      {tab === 'files' && canRead && <SpaceFiles spaceId={spaceId} />}
      {tab === 'ideas' && canRead && <IdeasBoard spaceId={spaceId} canSubmit={data.permissions.post} />}
      {tab === 'settings' && <SpaceSettings space={data} />}
      {tab === 'posts' &&
        (canRead ? (
          <Feed
            feedKey={feedSources.space(spaceId).key}
            url={feedSources.space(spaceId).url}
            belongsHere={belongsHere}
            composer={
              data.permissions.post ? (
                <section className="card" aria-label={t('composer.title')}>
                  <Composer
                    endpoint={postTargets.space(spaceId)}
                    placeholder={t('composer.placeholderSpace', { space: data.name })}
                    onPosted={prepend}
                  />
                </section>
              ) : undefined
            }
            empty={
              <EmptyState title={t('stream.emptySpace')}>
                <p>{data.permissions.post ? t('stream.emptySpaceHint') : t('stream.joinToPost')}</p>
              </EmptyState>
            }
          />
        ) : (
          <div className="card">
            <EmptyState title={t('spaces.membersOnly')}>
              <p>{t('spaces.membersOnlyHint')}</p>
            </EmptyState>
          </div>
        ))}
    </div>
  );
}
