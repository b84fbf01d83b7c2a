import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_IDEA_TEXT, MAX_IDEA_TITLE } from '../../../shared/api/ideas';
import type { Attachment, FeedItem } from '../../../shared/api/stream';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { ideasApi } from './queries';

/** Submitting an idea: title, problem, proposal and an optional picture; survives a double click. */
export function IdeaForm({ spaceId, onCreated }: { spaceId?: number; onCreated: (item: FeedItem) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState('');
  const [proposal, setProposal] = useState('');
  const [picture, setPicture] = useState<Attachment | null>(null);
  const [uploading, setUploading] = useState(false);
  const submission = useSubmission();
  const pictureUpload = useMutation({
    mutationFn: ideasApi.uploadPicture,
    onMutate: () => setUploading(true),
    onSettled: () => setUploading(false),
    onSuccess: (attachment) => setPicture(attachment),
  });
  const create = useMutation({
    mutationFn: () =>
      ideasApi.create(
        spaceId,
        { title, problem, proposal, pictureId: picture?.id ?? null },
        submission.key(),
      ),
    onSuccess: (item) => {
      submission.accepted();
      setTitle('');
      setProblem('');
      setProposal('');
      setPicture(null);
      onCreated(item);
    },
  });
  const errors = useFieldErrors(create.error, { title, problem, proposal });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!uploading) submission.run(create.mutateAsync);
  }

  return (
    <form className="card idea-form" onSubmit={submit} aria-label={t('ideas.submitTitle')}>
      <h2>{t('ideas.submitTitle')}</h2>
      <Field
        label={t('ideas.fieldTitle')}
        name="title"
        value={title}
        onChange={setTitle}
        required
        maxLength={MAX_IDEA_TITLE}
        error={errors.title}
      />
      <Field
        label={t('ideas.fieldProblem')}
        name="problem"
        value={problem}
        onChange={setProblem}
        multiline
        required
        maxLength={MAX_IDEA_TEXT}
        error={errors.problem}
        hint={t('ideas.fieldProblemHint')}
      />
      <Field
        label={t('ideas.fieldProposal')}
        name="proposal"
        value={proposal}
        onChange={setProposal}
        multiline
        required
        maxLength={MAX_IDEA_TEXT}
        error={errors.proposal}
      />
      <div className="field">
        <label>
          {t('ideas.fieldPicture')}
          <input
            type="file"
            accept="image/*"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) pictureUpload.mutate(file);
              event.target.value = '';
            }}
          />
        </label>
        {picture && (
          <p className="field-hint">
            {picture.name}{' '}
            <button type="button" className="button" onClick={() => setPicture(null)}>
              {t('ideas.removePicture')}
            </button>
          </p>
        )}
        <ErrorMessage error={pictureUpload.error} />
      </div>
      <ErrorMessage error={create.error} />
      <div>
        <button type="submit" className="button button-primary" disabled={create.isPending || uploading}>
          {t('ideas.submit')}
        </button>
      </div>
    </form>
  );
}
