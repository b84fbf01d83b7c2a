import { useTranslation } from 'react-i18next';
import { ErrorMessage, Notice, Skeleton } from '../../components/ui';
import { PasskeysSection } from './PasskeysSection';
import { useSecondFactorStatus } from './queries';
import { TotpSection } from './TotpSection';
import './second-factor.css';

/** Settings → security: the authenticator app and passkeys (`gated`: on the admin set-up page, which says why itself). */
export function SecondFactorSection({ gated = false }: { gated?: boolean }) {
  const { t } = useTranslation();
  const status = useSecondFactorStatus();
  const hasFactor = status.data && (status.data.totp.enabled || status.data.passkeys.length > 0);
  return (
    <section className="card second-factor" id="security" aria-labelledby="settings-second-factor">
      <h2 id="settings-second-factor">{t('secondFactor.title')}</h2>
      <p className="muted">{t('secondFactor.intro')}</p>
      {!gated && status.data?.required && !hasFactor && <Notice>{t('secondFactor.requiredNotice')}</Notice>}
      {status.error ? <ErrorMessage error={status.error} /> : null}
      {status.data ? (
        <>
          <TotpSection status={status.data} />
          <PasskeysSection status={status.data} />
        </>
      ) : (
        !status.error && <Skeleton />
      )}
    </section>
  );
}
