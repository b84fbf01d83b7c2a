import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorStatus } from '../../../shared/api/second-factor';
import { EmptyState, ErrorMessage, Field, Notice, RelativeTime } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { passkeysSupported, registerPasskey, suggestedPasskeyName } from './passkeys';
import { secondFactorApi, secondFactorKeys } from './queries';

/** Passkeys of this person: add one on this device (named), list, delete. */
export function PasskeysSection({ status }: { status: SecondFactorStatus }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(suggestedPasskeyName);
  const submission = useSubmission();
  const refresh = () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.status });
  const add = useMutation({ mutationFn: () => registerPasskey(name.trim()), onSuccess: () => refresh() });
  const remove = useMutation({
    mutationFn: (id: number) => secondFactorApi.deletePasskey(id),
    onSuccess: () => refresh(),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    submission.run(add.mutateAsync);
  }
  return (
    <div className="second-factor-part">
      <h3>{t('secondFactor.passkeysTitle')}</h3>
      <p>{t('secondFactor.passkeysIntro')}</p>
      {status.passkeys.length === 0 ? (
        <EmptyState title={t('secondFactor.noPasskeys')} />
      ) : (
        <ul className="row-list" aria-label={t('secondFactor.passkeysTitle')}>
          {status.passkeys.map((passkey) => (
            <li key={passkey.id}>
              <span>
                <strong>{passkey.name}</strong>
                <br />
                <small className="muted">
                  {t('tokens.createdAt')} <RelativeTime iso={passkey.createdAt} />
                  {passkey.lastUsedAt && (
                    <>
                      {' · '}
                      {t('tokens.lastUsed')} <RelativeTime iso={passkey.lastUsedAt} />
                    </>
                  )}
                </small>
              </span>
              <button
                type="button"
                className="button button-danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(passkey.id)}
                aria-label={t('secondFactor.deletePasskey', { name: passkey.name })}
              >
                <Trash2 size={16} aria-hidden="true" /> {t('secondFactor.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {passkeysSupported() ? (
        <form onSubmit={submit} className="inline-form">
          <Field
            label={t('secondFactor.passkeyName')}
            name="passkeyName"
            value={name}
            onChange={setName}
            required
            maxLength={80}
          />
          <button type="submit" className="button button-primary" disabled={add.isPending || !name.trim()}>
            {t('secondFactor.addPasskey')}
          </button>
        </form>
      ) : (
        <Notice>{t('secondFactor.passkeysUnsupported')}</Notice>
      )}
      {add.isSuccess && <Notice tone="success">{t('secondFactor.passkeyAdded')}</Notice>}
      <ErrorMessage error={add.error ?? remove.error} />
    </div>
  );
}
