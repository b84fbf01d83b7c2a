import { useNavigate, useSearch } from '@tanstack/react-router';
import { ImagePlus, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../shared/api/stream';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { ImageRightsEditor, type Rights } from '../articles/ImageRightsEditor';
import { socialApi, useSocialMutation } from './queries';
import './social.css';

interface Picture {
  file: Attachment;
  rights: Rights;
  alt: string;
}

/** "Geschichte vorschlagen": any employee suggests a story for the company's channels. */
export function SuggestPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { link?: string; text?: string };
  const [title, setTitle] = useState('');
  const [body, setBody] = useState(search.text ?? '');
  const [link, setLink] = useState(search.link ?? '');
  const [pictures, setPictures] = useState<Picture[]>([]);
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const submission = useSubmission();
  const create = useSocialMutation(
    (_: undefined, options) =>
      socialApi.suggest(
        {
          title,
          body,
          link: link || undefined,
          pictures: pictures.map((picture) => ({
            fileId: picture.file.id,
            ...picture.rights,
            alt: picture.alt || undefined,
          })),
        },
        options,
      ),
    submission.key,
  );
  const errors = useFieldErrors(create.error, { title, body, link });

  async function addPicture(file: File | undefined) {
    if (!file) return;
    setUploadError(null);
    setUploading(0);
    try {
      const attachment = await socialApi.uploadFile(file, setUploading);
      setPictures((list) => [
        ...list,
        { file: attachment, rights: { creator: '', source: '', licence: '' }, alt: '' },
      ]);
    } catch (error) {
      setUploadError(error);
    } finally {
      setUploading(null);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submission.run(async () => {
      const story = await create.mutateAsync();
      submission.accepted();
      await navigate({ to: '/social/stories/$id', params: { id: String(story.id) } });
    });
  }

  return (
    <div className="page social-page">
      <h1 className="page-title">{t('social.suggestTitle')}</h1>
      <p className="muted">{t('social.suggestIntro')}</p>
      <form className="card form social-form" onSubmit={onSubmit}>
        <Field
          label={t('social.storyTitle')}
          name="title"
          value={title}
          onChange={setTitle}
          required
          maxLength={200}
          error={errors.title}
        />
        <Field
          label={t('social.storyBody')}
          name="body"
          value={body}
          onChange={setBody}
          multiline
          maxLength={10000}
          error={errors.body}
        />
        <Field
          label={t('social.storyLink')}
          name="link"
          value={link}
          onChange={setLink}
          error={errors.link}
        />
        <fieldset className="social-pictures">
          <legend>{t('social.pictures')}</legend>
          <p className="field-hint">{t('social.picturesHint')}</p>
          {pictures.map((picture, index) => (
            <div key={picture.file.id} className="social-picture">
              <img src={picture.file.url} alt="" />
              <div>
                <ImageRightsEditor
                  idPrefix={`picture-${index}`}
                  rights={picture.rights}
                  onChange={(rights) =>
                    setPictures((list) =>
                      list.map((p) => (p.file.id === picture.file.id ? { ...p, rights } : p)),
                    )
                  }
                />
                <div className="field">
                  <label htmlFor={`picture-${index}-alt`}>{t('social.pictureAlt')}</label>
                  <input
                    id={`picture-${index}-alt`}
                    value={picture.alt}
                    maxLength={1500}
                    onChange={(event) =>
                      setPictures((list) =>
                        list.map((p) =>
                          p.file.id === picture.file.id ? { ...p, alt: event.target.value } : p,
                        ),
                      )
                    }
                  />
                </div>
                <button
                  type="button"
                  className="link-button link-danger"
                  onClick={() => setPictures((list) => list.filter((p) => p.file.id !== picture.file.id))}
                >
                  <Trash2 size={16} aria-hidden="true" /> {t('social.removePicture')}
                </button>
              </div>
            </div>
          ))}
          <label className="button">
            <ImagePlus size={16} aria-hidden="true" /> {t('social.addPicture')}
            <input
              type="file"
              accept="image/*"
              className="visually-hidden"
              onChange={(event) => {
                void addPicture(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          </label>
          {uploading !== null && <progress value={uploading} max={1} aria-label={t('social.uploading')} />}
          <ErrorMessage error={uploadError} />
        </fieldset>
        <p className="field-hint">{t('social.consentHint')}</p>
        <ErrorMessage error={create.error} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={create.isPending || uploading !== null}
          >
            {t('social.suggestSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
