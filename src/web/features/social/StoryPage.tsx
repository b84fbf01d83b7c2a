import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Story, storyStates } from '../../../shared/api/social';
import type { Attachment } from '../../../shared/api/stream';
import { Avatar } from '../../components/Avatar';
import { ErrorMessage, formatDate, PageLoading, RelativeTime } from '../../components/ui';
import { useMe } from '../../lib/queries';
import { toLocalInput } from './dates';
import { PicturePicker } from './PicturePicker';
import { PostEditor, PostList } from './PostEditor';
import { socialApi, usePosts, useSocialMutation, useSocialPeople, useStory } from './queries';
import './social.css';

/** One story: what was suggested, its pictures and consents, the desk's triage and its channel posts. */
export function StoryPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const story = useStory(Number(id));
  if (!story.data) return <PageLoading error={story.error} />;
  const data = story.data;
  return (
    <div className="page social-page">
      <p>
        <Link to="/social">{t('social.backToDesk')}</Link>
      </p>
      <h1 className="page-title">{data.title}</h1>
      <p className="muted">
        <span className={`social-state social-state-${data.state}`}>{t(`social.state.${data.state}`)}</span> ·{' '}
        {t('social.suggestedBy', { name: data.author.name })} · <RelativeTime iso={data.createdAt} />
        {data.plannedFor && (
          <> · {t('social.plannedFor', { date: formatDate(data.plannedFor, i18n.language, true) })}</>
        )}
      </p>
      {data.note && <p className="card social-note">{t('social.deskNote', { note: data.note })}</p>}
      <section className="card">
        {data.body && <p className="social-body">{data.body}</p>}
        {data.link && (
          <p>
            <a href={data.link}>{data.link}</a>
          </p>
        )}
        <div className="social-gallery">
          {data.pictures.map((picture) => (
            <figure key={picture.fileId}>
              <img src={picture.url} alt={t('social.pictureOf', { title: data.title })} />
              <figcaption className="muted">
                {picture.creator} · {picture.source} · {picture.licence}
              </figcaption>
            </figure>
          ))}
        </div>
      </section>
      <Share story={data} />
      <Consents story={data} />
      {data.permissions.triage && <Triage story={data} />}
      {data.permissions.triage && <StoryPosts story={data} />}
    </div>
  );
}

function Consents({ story }: { story: Story }) {
  const { t } = useTranslation();
  const me = useMe();
  const [personId, setPersonId] = useState('');
  const [externalName, setExternalName] = useState('');
  const [form, setForm] = useState<Attachment | null>(null);
  const ask = useSocialMutation((body: object) => socialApi.askConsent(story.id, body));
  const answer = useSocialMutation(
    ({ consentId, value }: { consentId: number; value: 'confirmed' | 'declined' }) =>
      socialApi.answerConsent(story.id, consentId, value),
  );
  const people = useSocialPeople();
  const [fileId, setFileId] = useState(story.pictures[0]?.fileId ?? '');
  return (
    <section className="card">
      <h2>{t('social.consents')}</h2>
      {story.consents.length === 0 && <p className="muted">{t('social.noConsents')}</p>}
      <ul className="social-consents">
        {story.consents.map((consent) => (
          <li key={consent.id}>
            {consent.person ? <Avatar person={consent.person} size={28} /> : null}{' '}
            <strong>{consent.person?.name ?? consent.externalName}</strong>{' '}
            <span className={`social-consent social-consent-${consent.state}`}>
              {t(`social.consentState.${consent.state}`)}
            </span>
            {consent.formUrl && (
              <>
                {' '}
                · <a href={consent.formUrl}>{t('social.signedForm')}</a>
              </>
            )}
            {consent.state === 'requested' && consent.person?.id === me.data?.id && (
              <span className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={answer.isPending}
                  onClick={() => answer.mutate({ consentId: consent.id, value: 'confirmed' })}
                >
                  {t('social.consentConfirm')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={answer.isPending}
                  onClick={() => answer.mutate({ consentId: consent.id, value: 'declined' })}
                >
                  {t('social.consentDecline')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={answer.error ?? ask.error} />
      {story.permissions.requestConsent && (
        <div className="social-consent-forms">
          {story.pictures.length > 1 && (
            <PicturePicker
              mode="one"
              idPrefix="consent"
              legend={t('social.consentPicture')}
              pictures={story.pictures}
              chosen={fileId}
              onChosen={setFileId}
            />
          )}
          <form
            className="inline-form"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              if (personId && !ask.isPending)
                ask.mutate(
                  { fileId: fileId || undefined, personId: Number(personId) },
                  { onSuccess: () => setPersonId('') },
                );
            }}
          >
            <label htmlFor="consent-person">{t('social.askColleague')}</label>
            <select
              id="consent-person"
              value={personId}
              onChange={(event) => setPersonId(event.target.value)}
            >
              <option value="">{t('social.choosePerson')}</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button" disabled={!personId || ask.isPending}>
              {t('social.askForConsent')}
            </button>
          </form>
          <form
            className="inline-form"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              if (form && externalName && !ask.isPending)
                ask.mutate(
                  { fileId: fileId || undefined, externalName, formFileId: form.id },
                  {
                    onSuccess: () => {
                      setExternalName('');
                      setForm(null);
                    },
                  },
                );
            }}
          >
            <label htmlFor="consent-external">{t('social.externalPerson')}</label>
            <input
              id="consent-external"
              value={externalName}
              onChange={(event) => setExternalName(event.target.value)}
            />
            <label className="button">
              {form ? form.name : t('social.uploadForm')}
              <input
                type="file"
                className="visually-hidden"
                onChange={async (event) => {
                  const file = event.target.files?.[0];
                  if (file) setForm(await socialApi.uploadFile(file));
                }}
              />
            </label>
            <button type="submit" className="button" disabled={!form || !externalName || ask.isPending}>
              {t('social.fileForm')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

function Triage({ story }: { story: Story }) {
  const { t } = useTranslation();
  const [state, setState] = useState(story.state);
  const [note, setNote] = useState('');
  const [plannedFor, setPlannedFor] = useState(story.plannedFor ? toLocalInput(story.plannedFor) : '');
  const [campaign, setCampaign] = useState(story.campaign ?? '');
  const save = useSocialMutation(() =>
    socialApi.updateStory(story.id, {
      state,
      note: note || undefined,
      plannedFor: plannedFor ? new Date(plannedFor).toISOString() : null,
      campaign: campaign || null,
    }),
  );
  return (
    <form
      className="card form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!save.isPending) save.mutate(undefined, { onSuccess: () => setNote('') });
      }}
    >
      <h2>{t('social.triage')}</h2>
      <div className="social-row">
        <div className="field">
          <label htmlFor="story-state">{t('social.stateLabel')}</label>
          <select
            id="story-state"
            value={state}
            onChange={(event) => setState(event.target.value as Story['state'])}
          >
            {storyStates.map((value) => (
              <option key={value} value={value}>
                {t(`social.state.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="story-planned">{t('social.plannedForLabel')}</label>
          <input
            id="story-planned"
            type="datetime-local"
            value={plannedFor}
            onChange={(event) => setPlannedFor(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="story-campaign">{t('social.campaign')}</label>
          <input id="story-campaign" value={campaign} onChange={(event) => setCampaign(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="story-note">{t('social.noteLabel')}</label>
        <textarea id="story-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        <p className="field-hint">{t('social.noteHint')}</p>
      </div>
      <ErrorMessage error={save.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('social.saveTriage')}
        </button>
      </div>
    </form>
  );
}

function StoryPosts({ story }: { story: Story }) {
  const { t } = useTranslation();
  const posts = usePosts({ storyId: story.id });
  return (
    <section className="card">
      <h2>{t('social.channelPosts')}</h2>
      {posts.data && <PostList posts={posts.data.items} />}
      <PostEditor story={story} />
    </section>
  );
}

/** "Teilen": prepared text and plain share links (through Kantine's redirect, counted in aggregate only). */
function Share({ story }: { story: Story }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (!story.share) return null;
  const share = story.share;
  return (
    <section className="card">
      <h2>{t('social.share')}</h2>
      <p className="field-hint">{t('social.shareHint')}</p>
      <label htmlFor="share-text" className="visually-hidden">
        {t('social.shareText')}
      </label>
      <textarea id="share-text" readOnly rows={2} value={share.text} />
      <div className="form-actions social-share-links">
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard?.writeText(share.text).then(() => setCopied(true));
          }}
        >
          {copied ? t('social.copied') : t('social.copyText')}
        </button>
        {share.links
          .filter((link) => link.network !== 'copy')
          .map((link) => (
            <a
              key={link.network}
              className="button"
              href={link.url}
              target="_blank"
              rel="noreferrer noopener"
            >
              {t(`social.channels.${link.network}`)}
            </a>
          ))}
      </div>
      <p className="muted">{t('social.shareClicks', { count: share.clicks })}</p>
    </section>
  );
}
