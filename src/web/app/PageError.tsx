import { type ErrorComponentProps, Link, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-error';
import './page-states.css';

/**
 * What a page shows when it failed to render: the shell (navigation) stays, the reader is told
 * plainly what happened and can try again. Forms keep their typed text in the tab's session
 * storage, so trying again brings it back.
 */
export function PageError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  useEffect(() => {
    console.error(error);
  }, [error]);
  // A page's code that could not be loaded is almost always a lost connection.
  const unreachable =
    (error instanceof ApiError && (error.code === 'network' || error.code === 'offline')) ||
    /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(
      error instanceof Error ? error.message : String(error),
    );
  return (
    <div className="page page-error">
      <div className="alert alert-error" role="alert">
        <p className="page-error-title">{unreachable ? t('pageError.offlineTitle') : t('pageError.title')}</p>
        <p>{unreachable ? t('pageError.offlineText') : t('pageError.text')}</p>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          {t('pageError.retry')}
        </button>
        <Link to="/" className="button">
          {t('pageError.home')}
        </Link>
      </div>
    </div>
  );
}
