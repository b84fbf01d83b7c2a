import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/PasswordPages';
import { SetupPage } from '../features/auth/SetupPage';
import { HomePage } from '../features/home/HomePage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { DirectoryPage } from '../features/people/DirectoryPage';
import { ProfilePage } from '../features/people/ProfilePage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SpacePage } from '../features/spaces/SpacePage';
import { SpacesPage } from '../features/spaces/SpacesPage';
import { HashtagPage, PostPage } from '../features/stream/StreamPages';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: LoginPage,
  validateSearch: (search: Record<string, unknown>): { next?: string } => ({ next: text(search.next) }),
});
const forgotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});
export const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  component: ResetPasswordPage,
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({ token: text(search.token) }),
});
export const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: AcceptInvitationPage,
});

const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppShell });
const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
export const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  component: DirectoryPage,
  validateSearch: (
    search: Record<string, unknown>,
  ): { q?: string; department?: string; location?: string } => ({
    q: text(search.q),
    department: text(search.department),
    location: text(search.location),
  }),
});
export const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  component: ProfilePage,
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: SettingsPage,
});
const adminRoute = createRoute({ getParentRoute: () => appRoute, path: '/admin', component: AdminPage });
const spacesRoute = createRoute({ getParentRoute: () => appRoute, path: '/spaces', component: SpacesPage });
const spaceRoute = createRoute({ getParentRoute: () => appRoute, path: '/spaces/$id', component: SpacePage });
const hashtagRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/hashtags/$tag',
  component: HashtagPage,
});
const postRoute = createRoute({ getParentRoute: () => appRoute, path: '/posts/$id', component: PostPage });
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: NotificationsPage,
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  forgotRoute,
  resetRoute,
  inviteRoute,
  appRoute.addChildren([
    homeRoute,
    peopleRoute,
    profileRoute,
    settingsRoute,
    adminRoute,
    spacesRoute,
    spaceRoute,
    hashtagRoute,
    postRoute,
    notificationsRoute,
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
