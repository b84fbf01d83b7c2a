import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import {
  Bell,
  ClipboardList,
  Home,
  LayoutGrid,
  Lightbulb,
  LogOut,
  Megaphone,
  Newspaper,
  QrCode,
  Settings,
  Shield,
  Users,
} from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../components/Avatar';
import { Redirect } from '../components/Redirect';
import { Skeleton } from '../components/ui';
import { authApi } from '../features/auth/queries';
import { notificationKeys, notificationsApi } from '../features/notifications/queries';
import { HeaderSearch } from '../features/search/HeaderSearch';
import { setLoggingOut, useLiveConnection } from '../lib/live';
import { useMe, useOrganisation } from '../lib/queries';
import { MainNav } from './MainNav';
import { OfflineNotice } from './OfflineNotice';

/** The logged-in frame: navigation left (bottom bar on phones), content in the middle. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const organisation = useOrganisation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useLiveConnection(me.data?.id);
  const unread = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => notificationsApi.unreadCount(),
    enabled: !!me.data,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (organisation.data?.setupRequired) return <Redirect to="/setup" />;
  if (me.isPending) {
    return (
      <div className="shell-loading">
        <Skeleton lines={4} />
      </div>
    );
  }
  if (!me.data) return <Redirect to="/login" search={{ next: location.href }} />;

  const nav = [
    { to: '/', label: t('nav.home'), icon: Home },
    { to: '/articles', label: t('nav.news'), icon: Newspaper },
    { to: '/spaces', label: t('nav.spaces'), icon: LayoutGrid },
    { to: '/people', label: t('nav.people'), icon: Users },
    { to: '/ideas', label: t('nav.ideas'), icon: Lightbulb },
    { to: '/surveys', label: t('nav.surveys'), icon: ClipboardList },
    ...(me.data.permissions.socialMedia ? [{ to: '/social', label: t('nav.social'), icon: Megaphone }] : []),
    // Team leads for staff without e-mail; admins do the same in the administration.
    ...(me.data.permissions.staffLead && me.data.role !== 'admin'
      ? [{ to: '/staff', label: t('nav.staff'), icon: QrCode }]
      : []),
    ...(me.data.role === 'admin' ? [{ to: '/admin', label: t('nav.admin'), icon: Shield }] : []),
    { to: '/settings', label: t('nav.settings'), icon: Settings },
  ] as const;

  async function logout() {
    // After a single sign-on, the provider's own logout page ends the session there too.
    setLoggingOut(true);
    let redirectUrl: string | null;
    try {
      ({ redirectUrl } = await authApi.logout());
    } catch (error) {
      setLoggingOut(false);
      throw error;
    }
    queryClient.clear();
    if (redirectUrl) window.location.assign(redirectUrl);
    else await navigate({ to: '/login' });
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          {organisation.data?.logoUrl ? (
            <img src={organisation.data.logoUrl} alt="" className="brand-logo" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              K
            </span>
          )}
          <span className="brand-name">{organisation.data?.name ?? 'Kantine'}</span>
        </Link>
        <HeaderSearch />
        <div className="topbar-end">
          <Link to="/notifications" className="icon-button bell" title={t('nav.notifications')}>
            <Bell size={20} aria-hidden="true" />
            <span className="visually-hidden">
              {t('nav.notificationsCount', { count: unread.data ?? 0 })}
            </span>
            {(unread.data ?? 0) > 0 && (
              <span className="bell-badge" aria-hidden="true" data-testid="unread-badge">
                {unread.data! > 99 ? '99+' : unread.data}
              </span>
            )}
          </Link>
          <Link to="/people/$id" params={{ id: String(me.data.id) }} className="topbar-me">
            <Avatar person={me.data} size={32} />
            <span className="visually-hidden">{t('nav.myProfile')}</span>
          </Link>
          <button
            type="button"
            className="icon-button"
            onClick={logout}
            aria-label={t('nav.logout')}
            title={t('nav.logout')}
          >
            <LogOut size={20} aria-hidden="true" />
          </button>
        </div>
      </header>
      <MainNav items={nav} />
      <main id="main" className="main" tabIndex={-1}>
        <OfflineNotice />
        <Outlet />
      </main>
    </div>
  );
}
