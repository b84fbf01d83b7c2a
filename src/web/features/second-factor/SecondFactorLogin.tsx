import { useMutation } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorChallenge } from '../../../shared/api/second-factor';
import type { Me } from '../../../shared/api/users';
import { ErrorMessage, Field } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import { useSubmission } from '../../lib/submission';
import { loginWithPasskey, passkeysSupported } from './passkeys';
import { secondFactorApi } from './queries';
import './second-factor.css';

/** The challenge a password login answered with, when the person has a second factor. */
export function secondFactorChallengeOf(error: unknown): SecondFactorChallenge | undefined {
  if (error instanceof ApiError && error.code === 'second_factor_required')
    return error.details as SecondFactorChallenge;
  return undefined;
}

/** Step two of a password login: a code from the app, or a recovery code, or a passkey. */
export function SecondFactorStep(props: {
  challenge: SecondFactorChallenge;
  onDone: (me: Me) => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const hasTotp = props.challenge.methods.includes('totp');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const submission = useSubmission();
  const complete = useMutation({
    mutationFn: () =>
      secondFactorApi.completeLogin(
        useRecovery
          ? { challenge: props.challenge.challenge, recoveryCode: code }
          : { challenge: props.challenge.challenge, code },
      ),
    onSuccess: props.onDone,
  });
  const expired = complete.error instanceof ApiError && complete.error.status === 410;
  function submit(event: FormEvent) {
    event.preventDefault();
    submission.run(complete.mutateAsync);
  }
  return (
    <div className="second-factor-step">
      {hasTotp && (
        <form onSubmit={submit} noValidate>
          <p>{useRecovery ? t('secondFactor.loginRecoveryIntro') : t('secondFactor.loginIntro')}</p>
          <Field
            key={useRecovery ? 'recovery' : 'code'}
            label={useRecovery ? t('secondFactor.recoveryCode') : t('secondFactor.code')}
            name={useRecovery ? 'recoveryCode' : 'code'}
            value={code}
            onChange={setCode}
            required
            autoComplete="one-time-code"
            placeholder={useRecovery ? 'ABCDE-12345' : '123456'}
          />
          <ErrorMessage error={complete.error} />
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={complete.isPending || !code.trim()}
          >
            {t('secondFactor.verify')}
          </button>
          <p className="auth-links">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setUseRecovery(!useRecovery);
                setCode('');
                complete.reset();
              }}
            >
              {useRecovery ? t('secondFactor.useApp') : t('secondFactor.useRecovery')}
            </button>
          </p>
        </form>
      )}
      {!hasTotp && <p>{t('secondFactor.loginPasskeyIntro')}</p>}
      {props.challenge.methods.includes('passkey') && <PasskeyLoginButton onDone={props.onDone} />}
      {expired && (
        <p className="auth-links">
          <button type="button" className="link-button" onClick={props.onRestart}>
            {t('secondFactor.restart')}
          </button>
        </p>
      )}
      {!expired && (
        <p className="auth-links">
          <button type="button" className="link-button" onClick={props.onRestart}>
            {t('secondFactor.back')}
          </button>
        </p>
      )}
    </div>
  );
}

/** "Mit Passkey anmelden": no name or password, the device offers its passkeys for this site. */
export function PasskeyLoginButton({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const submission = useSubmission();
  const login = useMutation({ mutationFn: loginWithPasskey, onSuccess: onDone });
  if (!passkeysSupported()) return null;
  return (
    <div className="passkey-login">
      <button
        type="button"
        className="button button-block"
        disabled={login.isPending}
        onClick={() => submission.run(login.mutateAsync)}
      >
        <KeyRound size={16} aria-hidden="true" /> {t('secondFactor.loginWithPasskey')}
      </button>
      <ErrorMessage error={login.error} />
    </div>
  );
}
