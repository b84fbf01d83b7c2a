import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorStatus } from '../../../shared/api/second-factor';
import { ErrorMessage, Field, Notice } from '../../components/ui';
import { useSubmission } from '../../lib/submission';
import { secondFactorApi, secondFactorKeys } from './queries';

/** The authenticator app: set up (QR code and text), confirm with a code, recovery codes once, turn off. */
export function TotpSection({ status }: { status: SecondFactorStatus }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [proof, setProof] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const submission = useSubmission();
  const refresh = () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.status });
  const start = useMutation({ mutationFn: () => secondFactorApi.startTotp() });
  const confirm = useMutation({
    mutationFn: () => secondFactorApi.confirmTotp(code),
    onSuccess: (result) => {
      setCodes(result.recoveryCodes);
      setCode('');
      start.reset();
      void refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () =>
      secondFactorApi.disableTotp(
        /^\s*\d{3}\s?\d{3}\s*$/.test(proof) ? { code: proof } : { password: proof },
      ),
    onSuccess: () => {
      setProof('');
      setCodes(null);
      void refresh();
    },
  });

  function submitConfirm(event: FormEvent) {
    event.preventDefault();
    submission.run(confirm.mutateAsync);
  }
  function submitDisable(event: FormEvent) {
    event.preventDefault();
    submission.run(disable.mutateAsync);
  }

  return (
    <div className="second-factor-part">
      <h3>{t('secondFactor.totpTitle')}</h3>
      {codes && (
        <Notice tone="success">
          <p>
            <strong>{t('secondFactor.recoveryTitle')}</strong>
          </p>
          <p>{t('secondFactor.recoveryText')}</p>
          <ul className="recovery-codes" aria-label={t('secondFactor.recoveryTitle')}>
            {codes.map((item) => (
              <li key={item}>
                <code>{item}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={() => setCodes(null)}>
            {t('secondFactor.recoveryDone')}
          </button>
        </Notice>
      )}
      {status.totp.enabled ? (
        <>
          <p>
            <span className="badge badge-on">{t('secondFactor.on')}</span>{' '}
            {t('secondFactor.recoveryLeft', { count: status.recoveryCodesLeft })}
          </p>
          <form onSubmit={submitDisable} className="form-narrow" noValidate>
            <Field
              label={t('secondFactor.disableProof')}
              name="disableProof"
              type="password"
              value={proof}
              onChange={setProof}
              required
              autoComplete="current-password"
            />
            <ErrorMessage error={disable.error} />
            <button
              type="submit"
              className="button button-danger"
              disabled={disable.isPending || !proof.trim()}
            >
              {t('secondFactor.disable')}
            </button>
          </form>
        </>
      ) : start.data ? (
        <form onSubmit={submitConfirm} className="form-narrow" noValidate>
          <p>{t('secondFactor.scan')}</p>
          <div
            className="totp-qr"
            role="img"
            aria-label={t('secondFactor.qrLabel')}
            // The server renders the SVG from the otpauth URI with the qrcode library: no user input.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
            dangerouslySetInnerHTML={{ __html: start.data.qrSvg }}
          />
          <p className="muted">{t('secondFactor.manual')}</p>
          <p>
            <code className="totp-secret" data-testid="totp-secret">
              {start.data.secret}
            </code>
          </p>
          <Field
            label={t('secondFactor.code')}
            name="totpCode"
            value={code}
            onChange={setCode}
            required
            autoComplete="one-time-code"
            placeholder="123456"
          />
          <ErrorMessage error={confirm.error} />
          <button
            type="submit"
            className="button button-primary"
            disabled={confirm.isPending || !code.trim()}
          >
            {t('secondFactor.confirm')}
          </button>
        </form>
      ) : (
        <>
          <p>{t('secondFactor.totpIntro')}</p>
          <ErrorMessage error={start.error} />
          <button
            type="button"
            className="button button-primary"
            disabled={start.isPending}
            onClick={() => submission.run(start.mutateAsync)}
          >
            {t('secondFactor.setUp')}
          </button>
        </>
      )}
    </div>
  );
}
