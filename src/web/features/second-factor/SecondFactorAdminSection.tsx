import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Notice } from '../../components/ui';
import { useAccounts } from '../admin/queries';
import { secondFactorApi, secondFactorKeys, useSecondFactorStatus } from './queries';
import { SecondFactorSection } from './SecondFactorSection';
import './second-factor.css';

/** Administration → settings: require a second factor for admins; reset a person's second factor. */
export function SecondFactorAdminSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: secondFactorKeys.settings,
    queryFn: () => secondFactorApi.settings(),
  });
  const save = useMutation({
    mutationFn: (adminsRequired: boolean) => secondFactorApi.updateSettings(adminsRequired),
    onSuccess: (result) => {
      queryClient.setQueryData(secondFactorKeys.settings, result);
      void queryClient.invalidateQueries({ queryKey: secondFactorKeys.status });
    },
  });
  const [q, setQ] = useState('');
  const [personId, setPersonId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const accounts = useAccounts({ q, status: 'active' });
  const people = accounts.data?.pages.flatMap((page) => page.items) ?? [];
  const person = people.find((item) => String(item.id) === personId);
  const reset = useMutation({
    mutationFn: (id: number) => secondFactorApi.resetPerson(id),
    onSuccess: () => setConfirming(false),
  });

  return (
    <section className="card" aria-labelledby="admin-second-factor">
      <h2 id="admin-second-factor">{t('secondFactor.adminTitle')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.data?.adminsRequired ?? false}
          disabled={!settings.data || save.isPending}
          onChange={(event) => save.mutate(event.target.checked)}
        />{' '}
        {t('secondFactor.adminsRequired')}
      </label>
      <p className="muted">{t('secondFactor.adminsRequiredHint')}</p>
      <ErrorMessage error={settings.error ?? save.error} />

      <h3>{t('secondFactor.resetTitle')}</h3>
      <p className="muted">{t('secondFactor.resetHint')}</p>
      <div className="inline-form">
        <div className="field field-grow">
          <label htmlFor="second-factor-reset-q">{t('adminAccounts.search')}</label>
          <input
            id="second-factor-reset-q"
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor="second-factor-reset-person">{t('secondFactor.resetPerson')}</label>
          <select
            id="second-factor-reset-person"
            value={personId}
            onChange={(event) => {
              setPersonId(event.target.value);
              setConfirming(false);
              reset.reset();
            }}
          >
            <option value="">—</option>
            {people.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {person &&
        (confirming ? (
          <p>
            {t('secondFactor.resetConfirm', { name: person.name })}{' '}
            <button
              type="button"
              className="button button-danger"
              disabled={reset.isPending}
              onClick={() => reset.mutate(person.id)}
            >
              {t('secondFactor.resetNow')}
            </button>{' '}
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </p>
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {t('secondFactor.reset')}
          </button>
        ))}
      {reset.isSuccess && person && (
        <Notice tone="success">{t('secondFactor.resetDone', { name: person.name })}</Notice>
      )}
      <ErrorMessage error={reset.error} />
    </section>
  );
}

/**
 * Whether the administration shows the set-up page instead: while the organisation requires a
 * second factor this admin lacks, and after setting one up until they continue (so the recovery
 * codes stay on screen).
 */
export function useAdminSecondFactorGate() {
  const data = useSecondFactorStatus().data;
  const lacking = Boolean(data?.required && !data.totp.enabled && data.passkeys.length === 0);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (lacking) setShown(true);
  }, [lacking]);
  return { show: lacking || shown, lacking, done: () => setShown(false) };
}

/** The set-up page an admin sees instead of the administration until they have a second factor. */
export function AdminSecondFactorGate({ lacking, onDone }: { lacking: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {lacking ? (
        <Notice>{t('secondFactor.adminGate')}</Notice>
      ) : (
        <Notice tone="success">
          <p>{t('secondFactor.adminGateDone')}</p>
          <button type="button" className="button button-primary" onClick={onDone}>
            {t('secondFactor.adminGateContinue')}
          </button>
        </Notice>
      )}
      <SecondFactorSection gated />
    </>
  );
}
