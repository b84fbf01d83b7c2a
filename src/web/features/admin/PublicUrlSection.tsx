import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../shared/api/auth';
import { ErrorMessage, Field, Notice, useFieldErrors } from '../../components/ui';
import { queryKeys, useOrganisation } from '../../lib/queries';
import { adminApi } from './queries';

/** The address absolute links use (mails, newsroom, feeds); stored at setup, never taken from a request. */
export function PublicUrlSection() {
  const organisation = useOrganisation();
  if (!organisation.data) return null;
  return <PublicUrlForm organisation={organisation.data} />;
}

function PublicUrlForm({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [publicUrl, setPublicUrl] = useState(organisation.publicUrl ?? '');
  const save = useMutation({
    mutationFn: () => adminApi.updateOrganisation({ publicUrl: publicUrl.trim() }),
    onSuccess: (updated) => queryClient.setQueryData(queryKeys.organisation, updated),
  });
  const errors = useFieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card" aria-labelledby="admin-public-url">
      <h2 id="admin-public-url">{t('security.publicUrlTitle')}</h2>
      <p className="muted">{t('security.publicUrlText')}</p>
      {organisation.publicUrlFromEnvironment ? (
        <p>
          <code>{organisation.publicUrl}</code> — {t('security.publicUrlFixed')}
        </p>
      ) : (
        <form onSubmit={submit} className="form-narrow" noValidate>
          <Field
            label={t('security.publicUrlLabel')}
            name="publicUrl"
            type="url"
            value={publicUrl}
            onChange={setPublicUrl}
            required
            hint={t('security.publicUrlHint')}
            error={errors.publicUrl}
            maxLength={300}
          />
          <ErrorMessage error={save.error} />
          {save.isSuccess && <Notice tone="success">{t('security.publicUrlSaved')}</Notice>}
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('security.publicUrlSave')}
          </button>
        </form>
      )}
    </section>
  );
}
