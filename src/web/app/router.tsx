import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/PasswordPages';
import { HomePage } from '../features/home/HomePage';
import { HashtagPage, PostPage } from '../features/stream/StreamPages';
import { withTexts } from '../i18n/i18n';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { PageError } from './PageError';

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(
    () => withTexts('auth', () => import('../features/auth/SetupPage')),
    'SetupPage',
  ),
});
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: LoginPage,
  validateSearch: (search: Record<string, unknown>): { next?: string; error?: string } => ({
    next: text(search.next),
    error: text(search.error),
  }),
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
  component: lazyRouteComponent(
    () => withTexts('auth', () => import('../features/auth/AcceptInvitationPage')),
    'AcceptInvitationPage',
  ),
});

const redeemRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/redeem',
  component: lazyRouteComponent(
    () => withTexts(['identity', 'second-factor'], () => import('../features/identity/RedeemPage')),
    'RedeemPage',
  ),
  validateSearch: (search: Record<string, unknown>): { code?: string } => ({ code: text(search.code) }),
});
const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppShell });
const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
export const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  component: lazyRouteComponent(
    () => withTexts('orgchart', () => import('../features/people/DirectoryPage')),
    'DirectoryPage',
  ),
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
  component: lazyRouteComponent(
    () => withTexts(['people', 'orgchart', 'settings'], () => import('../features/people/ProfilePage')),
    'ProfilePage',
  ),
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(
    () =>
      withTexts(
        ['settings', 'second-factor', 'notifications', 'articles'],
        () => import('../features/settings/SettingsPage'),
      ),
    'SettingsPage',
  ),
});
const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  component: lazyRouteComponent(
    () =>
      withTexts(
        ['admin', 'identity', 'second-factor', 'settings', 'auth'],
        () => import('../features/admin/AdminPage'),
      ),
    'AdminPage',
  ),
  validateSearch: (search: Record<string, unknown>): { tab?: string } => ({ tab: text(search.tab) }),
});
const staffRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/staff',
  component: lazyRouteComponent(
    () => withTexts('identity', () => import('../features/identity/StaffPage')),
    'StaffPage',
  ),
});
const spacesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/spaces',
  component: lazyRouteComponent(
    () => withTexts('spaces', () => import('../features/spaces/SpacesPage')),
    'SpacesPage',
  ),
});
const spaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/spaces/$id',
  component: lazyRouteComponent(
    () => withTexts(['spaces', 'ideas'], () => import('../features/spaces/SpacePage')),
    'SpacePage',
  ),
  validateSearch: (search: Record<string, unknown>): { tab?: string } => ({ tab: text(search.tab) }),
});
const hashtagRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/hashtags/$tag',
  component: HashtagPage,
});
const postRoute = createRoute({ getParentRoute: () => appRoute, path: '/posts/$id', component: PostPage });
const articlesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/articles',
  component: lazyRouteComponent(
    () => withTexts('articles', () => import('../features/articles/NewsPage')),
    'NewsPage',
  ),
  validateSearch: (search: Record<string, unknown>): { state?: string; category?: string } => ({
    state: text(search.state),
    category: text(search.category),
  }),
});
const newArticleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/articles/new',
  component: lazyRouteComponent(
    () => withTexts('articles', () => import('../features/articles/ArticleEditor')),
    'NewArticlePage',
  ),
});
const moderationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/articles/moderation',
  component: lazyRouteComponent(
    () => withTexts(['articles', 'fediverse'], () => import('../features/articles/ModerationPage')),
    'ModerationPage',
  ),
});
const articleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/articles/$id',
  component: lazyRouteComponent(
    () => withTexts(['articles', 'notifications'], () => import('../features/articles/ArticlePage')),
    'ArticlePage',
  ),
});
const editArticleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/articles/$id/edit',
  component: lazyRouteComponent(
    () => withTexts('articles', () => import('../features/articles/ArticleEditor')),
    'EditArticlePage',
  ),
});
const ideasRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/ideas',
  component: lazyRouteComponent(
    () => withTexts('ideas', () => import('../features/ideas/IdeasPage')),
    'IdeasPage',
  ),
});
const ideaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/ideas/$id',
  component: lazyRouteComponent(
    () => withTexts('ideas', () => import('../features/ideas/IdeaPage')),
    'IdeaPage',
  ),
});
const searchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/search',
  component: lazyRouteComponent(
    () => withTexts('search', () => import('../features/search/SearchPage')),
    'SearchPage',
  ),
  validateSearch: (
    search: Record<string, unknown>,
  ): { q?: string; type?: string; spaceId?: string; authorId?: string; from?: string; to?: string } => ({
    q: text(search.q),
    type: text(search.type),
    spaceId: search.spaceId === undefined ? undefined : String(search.spaceId),
    authorId: search.authorId === undefined ? undefined : String(search.authorId),
    from: text(search.from),
    to: text(search.to),
  }),
});
const orgChartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/org-chart',
  component: lazyRouteComponent(
    () => withTexts('orgchart', () => import('../features/orgchart/OrgChartPage')),
    'OrgChartPage',
  ),
  validateSearch: (search: Record<string, unknown>): { rootId?: string } => ({
    rootId: search.rootId === undefined ? undefined : String(search.rootId),
  }),
});
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: lazyRouteComponent(
    () => withTexts('notifications', () => import('../features/notifications/NotificationsPage')),
    'NotificationsPage',
  ),
});
const socialDeskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/social',
  component: lazyRouteComponent(
    () => withTexts('social', () => import('../features/social/DeskPage')),
    'DeskPage',
  ),
});
const socialSuggestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/social/suggest',
  component: lazyRouteComponent(
    () => withTexts(['social', 'articles'], () => import('../features/social/SuggestPage')),
    'SuggestPage',
  ),
  validateSearch: (search: Record<string, unknown>): { link?: string; text?: string } => ({
    link: text(search.link),
    text: text(search.text),
  }),
});
const socialGuidelinesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/social/guidelines',
  component: lazyRouteComponent(
    () => withTexts('social', () => import('../features/social/Guidelines')),
    'GuidelinesPage',
  ),
});
const socialStoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/social/stories/$id',
  component: lazyRouteComponent(
    () => withTexts('social', () => import('../features/social/StoryPage')),
    'StoryPage',
  ),
});

const surveysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/SurveysPage')),
    'SurveysPage',
  ),
});
const newSurveyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/new',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/SurveyEditor')),
    'NewSurveyPage',
  ),
});
const surveyAnonymityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/anonymity',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/AnonymityPage')),
    'AnonymityPage',
  ),
});
const surveyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/$id',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/SurveyAnswerPage')),
    'SurveyAnswerPage',
  ),
});
const editSurveyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/$id/edit',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/SurveyEditor')),
    'EditSurveyPage',
  ),
});
const surveyResultsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/$id/results',
  component: lazyRouteComponent(
    () => withTexts('surveys', () => import('../features/surveys/SurveyResultsPage')),
    'SurveyResultsPage',
  ),
});
const transparencyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/transparency',
  component: lazyRouteComponent(
    () => withTexts('transparency', () => import('../features/transparency/TransparencyPage')),
    'TransparencyPage',
  ),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  redeemRoute,
  loginRoute,
  forgotRoute,
  resetRoute,
  inviteRoute,
  appRoute.addChildren([
    homeRoute,
    peopleRoute,
    profileRoute,
    orgChartRoute,
    settingsRoute,
    adminRoute,
    staffRoute,
    spacesRoute,
    spaceRoute,
    hashtagRoute,
    postRoute,
    notificationsRoute,
    searchRoute,
    articlesRoute,
    newArticleRoute,
    moderationRoute,
    articleRoute,
    editArticleRoute,
    socialDeskRoute,
    socialSuggestRoute,
    socialGuidelinesRoute,
    socialStoryRoute,
    surveysRoute,
    newSurveyRoute,
    surveyAnonymityRoute,
    surveyRoute,
    editSurveyRoute,
    surveyResultsRoute,
    ideasRoute,
    ideaRoute,
    transparencyRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
  // Per page: an error replaces only the failing page, never the shell around it.
  defaultErrorComponent: PageError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
