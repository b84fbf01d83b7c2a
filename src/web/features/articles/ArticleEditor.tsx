import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Heading2, ImagePlus } from 'lucide-react';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/api/articles';
import type { Attachment } from '../../../shared/api/stream';
import { textLimits } from '../../../shared/limits';
import { isTooLong, TextCounter } from '../../components/TextCounter';
import { ErrorMessage, Field, PageLoading, useFieldErrors } from '../../components/ui';
import { toIso } from '../../lib/localTime';
import { queryKeys, useMe, useMySpaces } from '../../lib/queries';
import { useSessionState } from '../../lib/sessionState';
import { useSubmission } from '../../lib/submission';
import { FormattingToolbar } from '../stream/FormattingToolbar';
import { AudienceFields } from './AudienceFields';
import { type Draft, draftFrom, imagesLackingRights } from './articleDraft';
import { ExtensionFields } from './ExtensionFields';
import { ImageRightsEditor, type Rights } from './ImageRightsEditor';
import { articleKeys, articlesApi, isEditorRole, useArticle } from './queries';
import '../stream/stream.css';
import './articles.css';

export function NewArticlePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const spaces = useMySpaces();
  if (isEditorRole(me.role)) return <ArticleForm />;
  if (spaces.isPending) return <PageLoading />;
  // Writing needs the editor role, or a space of one's own to write into.
  if (!(spaces.data?.items ?? []).some((space) => space.permissions.manage))
    return (
      <div className="page">
        <h1 className="page-title">{t('articles.new')}</h1>
        <div className="card">
          <p>{t('articleEditor.notAllowed')}</p>
          <Link to="/articles" className="button">
            {t('articleEditor.backToNews')}
          </Link>
        </div>
      </div>
    );
  return <ArticleForm />;
}

export function EditArticlePage() {
  const { id } = useParams({ from: '/app/articles/$id/edit' });
  const article = useArticle(Number(id));
  if (article.isPending || article.isError) return <PageLoading error={article.error} />;
  return <ArticleForm article={article.data} />;
}

/**
 * Writing an article: the text with buttons for headings, emphasis, lists, quotes, links and
 * pictures; a cover; every picture's rights (needed before publishing); audience, newsroom,
 * must-read and guest comments; then save, publish now or schedule.
 */
function ArticleForm({ article }: { article?: Article }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data!;
  const spaces = useMySpaces();
  // The typed text survives a reload or a crash of the page (kept in this tab until saved).
  const [draft, setDraft, forgetDraft] = useSessionState<Draft>(
    `kantine.article-draft.${article?.id ?? 'new'}`,
    () => draftFrom(article),
  );
  // After a first save (even one whose publishing then failed) the article exists: later saves
  // update it instead of creating a second draft whose slug would push the real one to `…-2`.
  const [savedId, setSavedId, forgetSavedId] = useSessionState<number | null>(
    `kantine.article-draft.${article?.id ?? 'new'}.id`,
    () => article?.id ?? null,
  );
  const submission = useSubmission();
  const [cover, setCover] = useState<Attachment | null>(article?.cover ?? null);
  const [images, setImages] = useState<Attachment[]>(article?.images ?? []);
  const [rights, setRights] = useState<Record<string, Rights>>(() =>
    Object.fromEntries((article?.images ?? []).map((image) => [image.id, image.rights])),
  );
  const [uploading, setUploading] = useState<number | null>(null);
  // Fields other kinds add to articles (a poll): undefined leaves one as it is.
  const [extras, setExtras, forgetExtras] = useSessionState<Record<string, unknown>>(
    `kantine.article-draft.${article?.id ?? 'new'}.extras`,
    () => ({}),
  );
  // What those editors had before a reload: they start from it once.
  const [keptExtras] = useState(extras);
  const setExtra = useCallback(
    (field: string, value: unknown) => setExtras((current) => ({ ...current, [field]: value })),
    [setExtras],
  );
  const body = useRef<HTMLTextAreaElement>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const editorRole = isEditorRole(me.role);
  const spaceOptions = (spaces.data?.items ?? []).filter((space) => space.permissions.manage || editorRole);
  const published = article?.state === 'published' || article?.state === 'archived';

  const firstSpaceId = spaceOptions[0]?.id;
  // People who only administer spaces write into one of them; preselect the first.
  useEffect(() => {
    if (!editorRole && firstSpaceId !== undefined)
      setDraft((current) => (current.spaceId ? current : { ...current, spaceId: String(firstSpaceId) }));
  }, [editorRole, firstSpaceId, setDraft]);

  const usedImages = [
    ...(cover ? [cover] : []),
    ...images.filter((image) => image.id !== cover?.id && draft.body.includes(image.id)),
  ];

  const save = useMutation({
    mutationFn: async (action: 'save' | 'publish' | 'schedule') => {
      for (const image of usedImages) {
        const wanted = rights[image.id];
        if (wanted && JSON.stringify(wanted) !== JSON.stringify(image.rights))
          await articlesApi.setImageRights(image.id, wanted);
      }
      const fields = {
        title: draft.title,
        teaser: draft.teaser,
        body: draft.body,
        category: draft.category,
        spaceId: draft.spaceId ? Number(draft.spaceId) : null,
        coverImageId: cover?.id ?? null,
        isPublic: draft.isPublic,
        guestComments: draft.guestComments,
        mustRead: draft.mustRead
          ? { spaceIds: draft.mustReadSpaceIds, deadline: toIso(draft.deadline) ?? null }
          : null,
        ...extras,
      };
      const saved = savedId
        ? await articlesApi.update(savedId, published ? { ...fields, spaceId: undefined } : fields)
        : await articlesApi.create(fields, submission.key());
      setSavedId(saved.id);
      if (action === 'save') return saved;
      return articlesApi.publish(
        saved.id,
        action === 'schedule' ? { at: toIso(draft.publishAt) } : {},
        `${submission.key()}-${action}`,
      );
    },
    onSuccess: (saved) => {
      submission.accepted();
      forgetDraft();
      forgetSavedId();
      forgetExtras();
      void queryClient.invalidateQueries({ queryKey: articleKeys.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.feeds });
      void navigate({ to: '/articles/$id', params: { id: String(saved.id) } });
    },
  });
  const errors = useFieldErrors(save.error, draft);
  const lackingRights = imagesLackingRights(save.error, rights);

  function insert(before: string, after = '', fallback = '') {
    const element = body.current;
    const start = element?.selectionStart ?? draft.body.length;
    const end = element?.selectionEnd ?? draft.body.length;
    const selected = draft.body.slice(start, end) || fallback;
    set('body', `${draft.body.slice(0, start)}${before}${selected}${after}${draft.body.slice(end)}`);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  }

  function linePrefix(prefix: string) {
    const element = body.current;
    const start = draft.body.lastIndexOf('\n', (element?.selectionStart ?? 0) - 1) + 1;
    set('body', `${draft.body.slice(0, start)}${prefix}${draft.body.slice(start)}`);
    requestAnimationFrame(() => element?.focus());
  }

  async function uploadImage(file: File | undefined, asCover: boolean) {
    if (!file) return;
    setUploading(0);
    try {
      const attachment = await articlesApi.uploadImage(file, setUploading);
      setImages((list) => [...list, attachment]);
      setRights((all) => ({ ...all, [attachment.id]: attachment.rights }));
      if (asCover) setCover(attachment);
      else insert(`![${file.name.replace(/[[\]]/g, '')}](${attachment.url})\n`);
    } finally {
      setUploading(null);
    }
  }

  function submit(event: FormEvent, action: 'save' | 'publish' | 'schedule') {
    event.preventDefault();
    submission.run(() => save.mutateAsync(action));
  }

  return (
    <div className="page">
      <h1 className="page-title">{article ? t('articles.editTitle') : t('articles.new')}</h1>
      <form className="card article-form" onSubmit={(event) => submit(event, 'save')} noValidate>
        <Field
          label={t('articles.fieldTitle')}
          name="title"
          value={draft.title}
          onChange={(v) => set('title', v)}
          required
          maxLength={200}
          error={errors.title}
        />
        <Field
          label={t('articles.fieldTeaser')}
          name="teaser"
          value={draft.teaser}
          onChange={(v) => set('teaser', v)}
          multiline
          maxLength={600}
          hint={t('articles.teaserHint')}
          error={errors.teaser}
        />

        <fieldset className="cover-field">
          <legend>{t('articles.cover')}</legend>
          {cover ? (
            <div className="image-with-rights">
              <img src={cover.thumbnailUrl ?? cover.url} alt="" className="cover-preview" />
              <ImageRightsEditor
                idPrefix="cover"
                showMissing={lackingRights.has(cover.id)}
                rights={rights[cover.id] ?? cover.rights}
                onChange={(value) => setRights((all) => ({ ...all, [cover.id]: value }))}
              />
              <button type="button" className="link-button link-danger" onClick={() => setCover(null)}>
                {t('articles.removeCover')}
              </button>
            </div>
          ) : (
            <label className="button">
              <ImagePlus size={18} aria-hidden="true" /> {t('articles.chooseCover')}
              <input
                type="file"
                accept="image/*"
                className="visually-hidden"
                onChange={(event) => void uploadImage(event.target.files?.[0], true)}
              />
            </label>
          )}
        </fieldset>

        <div className="field">
          <label htmlFor="article-body">{t('articles.fieldBody')}</label>
          <FormattingToolbar
            edits={{ wrap: insert, prefixLines: linePrefix }}
            before={
              <button
                type="button"
                className="icon-button"
                onClick={() => linePrefix('## ')}
                aria-label={t('articles.heading')}
                title={t('articles.heading')}
              >
                <Heading2 size={18} aria-hidden="true" />
              </button>
            }
            after={
              <label className="icon-button" title={t('articles.insertImage')}>
                <ImagePlus size={18} aria-hidden="true" />
                <span className="visually-hidden">{t('articles.insertImage')}</span>
                <input
                  type="file"
                  accept="image/*"
                  className="visually-hidden"
                  onChange={(event) => void uploadImage(event.target.files?.[0], false)}
                />
              </label>
            }
          />
          <textarea
            id="article-body"
            ref={body}
            rows={14}
            value={draft.body}
            onChange={(event) => set('body', event.target.value)}
            aria-invalid={errors.body || isTooLong(draft.body, textLimits.articleBody) ? true : undefined}
          />
          <TextCounter value={draft.body} limit={textLimits.articleBody} />
          {errors.body && <p className="field-error">{errors.body}</p>}
        </div>
        {uploading !== null && <progress value={uploading} max={1} aria-label={t('articles.uploading')} />}

        {usedImages.filter((image) => image.id !== cover?.id).length > 0 && (
          <fieldset>
            <legend>{t('articles.inlineImages')}</legend>
            {usedImages
              .filter((image) => image.id !== cover?.id)
              .map((image) => (
                <div key={image.id} className="image-with-rights">
                  <img src={image.thumbnailUrl ?? image.url} alt="" className="cover-preview small" />
                  <ImageRightsEditor
                    idPrefix={`image-${image.id}`}
                    showMissing={lackingRights.has(image.id)}
                    rights={rights[image.id] ?? image.rights}
                    onChange={(value) => setRights((all) => ({ ...all, [image.id]: value }))}
                  />
                </div>
              ))}
          </fieldset>
        )}

        <div className="form-grid">
          <Field
            label={t('articles.category')}
            name="category"
            value={draft.category}
            onChange={(v) => set('category', v)}
            maxLength={60}
            hint={t('articles.categoryHint')}
          />
          <div className="field">
            <label htmlFor="article-space">{t('articles.where')}</label>
            <select
              id="article-space"
              value={draft.spaceId}
              disabled={published}
              onChange={(event) => set('spaceId', event.target.value)}
            >
              {editorRole && <option value="">{t('articles.companyWide')}</option>}
              {spaceOptions.map((space) => (
                <option key={space.id} value={space.id}>
                  {space.name}
                </option>
              ))}
            </select>
          </div>
        </div>

        <AudienceFields
          draft={draft}
          set={set}
          spaces={spaces.data?.items ?? []}
          editorRole={editorRole}
          deadlineError={errors['mustRead.deadline']}
        />
        <ExtensionFields article={article} kept={keptExtras} saved={savedId !== null} onChange={setExtra} />

        <ErrorMessage error={save.error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending || uploading !== null}>
            {published ? t('common.save') : t('articles.saveDraft')}
          </button>
          {!published && (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={save.isPending || uploading !== null}
                onClick={(event) => submit(event, 'publish')}
              >
                {t('articles.publishNow')}
              </button>
              <span className="schedule">
                <label htmlFor="article-publish-at">{t('articles.publishAt')}</label>
                <input
                  id="article-publish-at"
                  type="datetime-local"
                  value={draft.publishAt}
                  onChange={(event) => set('publishAt', event.target.value)}
                />
                <button
                  type="button"
                  className="button"
                  disabled={!draft.publishAt || save.isPending}
                  onClick={(event) => submit(event, 'schedule')}
                >
                  {t('articles.schedule')}
                </button>
              </span>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
