import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onReachabilityChange, serverReachable } from '../lib/reachability';
import { appApi } from './queries';
import './page-states.css';

const CHECK_EVERY_MS = 5_000;

/**
 * Says so when the browser is offline or the server cannot be reached, instead of leaving
 * buttons that silently do nothing; disappears as soon as the connection is back.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const [online, setOnline] = useState(() => navigator.onLine);
  const [reachable, setReachable] = useState(serverReachable);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const stop = onReachabilityChange(setReachable);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      stop();
    };
  }, []);

  // While the server cannot be reached, look again now and then (the next request would tell, too).
  useEffect(() => {
    if (reachable || !online) return;
    const timer = setInterval(() => {
      void appApi.serverAnswers().then((answers) => answers && setReachable(true));
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [reachable, online]);

  if (online && reachable) return null;
  return (
    <div className="offline-notice" role="status">
      {online ? t('offline.unreachable') : t('offline.offline')}
    </div>
  );
}
