import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Skeleton } from '../../components/ui';
import { fediverseApi, fediverseKeys } from './queries';
import './fediverse.css';

/** The newsroom's Fediverse address and how many follow it, for the editors' moderation page. */
export function FediverseCard() {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: fediverseKeys.status,
    queryFn: () => fediverseApi.status(),
  });
  return (
    <section className="card fediverse-card" aria-labelledby="fediverse-title">
      <h2 id="fediverse-title" className="fediverse-title">
        {t('fediverse.title')}
      </h2>
      <ErrorMessage error={status.error} />
      {status.isPending ? (
        <Skeleton lines={2} />
      ) : status.data && !status.data.enabled ? (
        <p className="muted">{t('fediverse.off')}</p>
      ) : status.data ? (
        <>
          <p className="muted">{t('fediverse.intro')}</p>
          <p className="fediverse-facts">
            <span>
              {t('fediverse.handle')} <code className="fediverse-handle">{status.data.handle}</code>
            </span>
            <strong>{t('fediverse.followers', { count: status.data.followers })}</strong>
          </p>
        </>
      ) : null}
    </section>
  );
}
