import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { EyeOff, Globe, Lock, Plus, Users } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../../shared/api/spaces';
import { SpaceAvatar } from '../../components/SpaceAvatar';
import { EmptyState, ErrorMessage, Field, Skeleton, useFieldErrors } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { spaceKeys, spacesApi } from './queries';
import { SpaceMembershipButton } from './SpaceActions';
import './spaces.css';

export const visibilityIcon = { public: Globe, private: Lock, secret: EyeOff };

function CreateSpaceForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: '',
    description: '',
    visibility: 'public' as Space['visibility'],
    color: '#1f6f5c',
  });
  const submission = useSubmission();
  const create = useMutation({
    mutationFn: () => spacesApi.create(form, submission.key()),
    onSuccess: async (space) => {
      submission.accepted();
      await queryClient.invalidateQueries({ queryKey: spaceKeys.lists });
      await navigate({ to: '/spaces/$id', params: { id: String(space.id) } });
    },
  });
  const errors = useFieldErrors(create.error, form);
  function submit(event: FormEvent) {
    event.preventDefault();
    submission.run(create.mutateAsync);
  }
  return (
    <section className="card" aria-labelledby="create-space">
      <h2 id="create-space">{t('spaces.createTitle')}</h2>
      <form onSubmit={submit} noValidate className="form-narrow">
        <Field
          label={t('spaces.name')}
          name="name"
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
          required
          maxLength={80}
          error={errors.name}
        />
        <Field
          label={t('spaces.description')}
          name="description"
          value={form.description}
          onChange={(description) => setForm({ ...form, description })}
          multiline
          maxLength={1000}
          error={errors.description}
        />
        <fieldset className="radio-group">
          <legend>{t('spaces.visibility')}</legend>
          {(['public', 'private', 'secret'] as const).map((visibility) => (
            <label key={visibility} className="radio">
              <input
                type="radio"
                name="visibility"
                value={visibility}
                checked={form.visibility === visibility}
                onChange={() => setForm({ ...form, visibility })}
              />
              <span>
                <strong>{t(`spaces.visibilities.${visibility}`)}</strong>
                <br />
                <small className="muted">{t(`spaces.visibilityHints.${visibility}`)}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="space-color">{t('spaces.color')}</label>
          <input
            id="space-color"
            type="color"
            value={form.color}
            onChange={(event) => setForm({ ...form, color: event.target.value })}
          />
        </div>
        <ErrorMessage error={create.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('spaces.create')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function SpaceCard({ space }: { space: Space }) {
  const { t } = useTranslation();
  const Icon = visibilityIcon[space.visibility];
  return (
    <li className="space-card" style={{ borderTopColor: space.color }}>
      <div className="space-card-head">
        <SpaceAvatar space={space} size={40} />
        <Link to="/spaces/$id" params={{ id: String(space.id) }} className="space-card-title">
          {space.name}
        </Link>
      </div>
      <p className="muted space-card-meta">
        <Icon size={14} aria-hidden="true" /> {t(`spaces.visibilities.${space.visibility}`)} ·{' '}
        <Users size={14} aria-hidden="true" /> {t('spaces.memberCount', { count: space.memberCount })}
        {space.archived && <> · {t('spaces.archived')}</>}
      </p>
      {space.description && <p className="space-card-description">{space.description}</p>}
      <SpaceMembershipButton space={space} />
    </li>
  );
}

export function SpacesPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [mine, setMine] = useState(false);
  const [creating, setCreating] = useState(false);
  const spaces = useInfiniteQuery({
    queryKey: spaceKeys.list({ q, mine }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => spacesApi.list({ q, mine, cursor: pageParam, limit: 24 }),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = spaces.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page">
      <div className="page-heading">
        <h1 className="page-title">{t('spaces.title')}</h1>
        {!creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <Plus size={18} aria-hidden="true" /> {t('spaces.new')}
          </button>
        )}
      </div>
      {creating && <CreateSpaceForm onCancel={() => setCreating(false)} />}
      <div className="filters">
        <div className="field field-grow">
          <label htmlFor="spaces-q">{t('spaces.search')}</label>
          <input id="spaces-q" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('spaces.show')}</legend>
          <button type="button" aria-pressed={!mine} onClick={() => setMine(false)}>
            {t('spaces.all')}
          </button>
          <button type="button" aria-pressed={mine} onClick={() => setMine(true)}>
            {t('spaces.mine')}
          </button>
        </fieldset>
      </div>
      <ErrorMessage error={spaces.error} />
      {spaces.isPending ? (
        <Skeleton lines={4} />
      ) : items.length === 0 ? (
        <EmptyState title={t('spaces.none')}>
          <p>{t('spaces.noneHint')}</p>
        </EmptyState>
      ) : (
        <ul className="space-grid">
          {items.map((space) => (
            <SpaceCard key={space.id} space={space} />
          ))}
        </ul>
      )}
      {spaces.hasNextPage && (
        <button type="button" className="button button-block" onClick={() => spaces.fetchNextPage()}>
          {t('people.more')}
        </button>
      )}
    </div>
  );
}
