import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod';
import { AppLayout } from './components/AppLayout.js';
import { NotFoundState, RouteErrorState } from './components/States.js';
import { ArrivalsSearch } from './features/briefings/arrivals.search.js';
import { CaseDashboardSearch } from './features/cases/dashboard/dashboard.search.js';
import { InboxSearch } from './features/cases/inbox/inbox.search.js';
import { CompaniesSearch } from './features/companies/companies.search.js';
import { Customer360Search } from './features/customers/customer-360.search.js';
import { CustomersSearch } from './features/customers/customers.search.js';
import { DuplicatesSearch } from './features/identity/duplicates.search.js';
import { PortfolioSearch, WorkListSearch } from './features/relationships/relationships.search.js';
import { ValueSearch } from './features/value/value.search.js';
import { sessionQuery } from './lib/session.js';

/**
 * Every screen and its URL. Each page is its own chunk (`lazyRouteComponent`), so the first
 * load carries only the shell and the page opened.
 */
const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundState,
  errorComponent: RouteErrorState,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: z.object({
    redirect: z.string().max(2000).optional().catch(undefined),
    expired: z.boolean().optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import('./features/auth/LoginPage.js'), 'LoginPage'),
});

/**
 * A customer answering the relationship survey from their link: no login and no staff shell,
 * so it sits beside the login page, outside the logged-in part.
 */
const publicSurveyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/survey/$token',
  component: lazyRouteComponent(
    () => import('./features/relationships/PublicSurveyPage.js'),
    'PublicSurveyPage',
  ),
});

/**
 * The public form for complaints, suggestions, questions and praise, at the business's own
 * address (its workspace slug): no login and no staff shell, beside the survey page.
 */
const publicCaseFormRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/contact/$slug',
  component: lazyRouteComponent(() => import('./features/cases/PublicCaseFormPage.js'), 'PublicCaseFormPage'),
});

/** A customer rating how their resolved case was handled, from the e-mailed link: no login. */
const publicCsatRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/csat/$token',
  component: lazyRouteComponent(() => import('./features/cases/CsatPage.js'), 'CsatPage'),
});

/** The logged-in part of the app; sends anyone without a session to the login page and back. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href } });
  },
  component: AppLayout,
});

const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./features/dashboard/DashboardPage.js'), 'DashboardPage'),
});

const valueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/value',
  validateSearch: ValueSearch,
  component: lazyRouteComponent(() => import('./features/value/ValuePage.js'), 'ValuePage'),
});

const relationshipsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/relationships',
  validateSearch: PortfolioSearch,
  component: lazyRouteComponent(
    () => import('./features/relationships/RelationshipsPage.js'),
    'RelationshipsPage',
  ),
});

const workListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/relationships/work-list',
  validateSearch: WorkListSearch,
  component: lazyRouteComponent(() => import('./features/relationships/WorkListPage.js'), 'WorkListPage'),
});

/** Service-recovery analytics and the silent-dissatisfaction list (the period in the URL). */
const caseDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/dashboard',
  validateSearch: CaseDashboardSearch,
  component: lazyRouteComponent(
    () => import('./features/cases/dashboard/CaseDashboardPage.js'),
    'CaseDashboardPage',
  ),
});

const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers',
  validateSearch: CustomersSearch,
  component: lazyRouteComponent(() => import('./features/customers/CustomersPage.js'), 'CustomersPage'),
});

const customerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/$customerId',
  validateSearch: Customer360Search,
  component: lazyRouteComponent(() => import('./features/customers/Customer360Page.js'), 'Customer360Page'),
});

/** The agent inbox: queues, keyboard triage and bulk actions (the queue and filters in the URL). */
const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases',
  validateSearch: InboxSearch,
  component: lazyRouteComponent(() => import('./features/cases/inbox/InboxPage.js'), 'InboxPage'),
});

const caseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/$caseId',
  component: lazyRouteComponent(() => import('./features/cases/case-page/CasePage.js'), 'CasePage'),
});

/** The suggestions board: columns by outcome, the answered rate on top. */
const suggestionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/suggestions',
  component: lazyRouteComponent(
    () => import('./features/cases/suggestions/SuggestionsBoardPage.js'),
    'SuggestionsBoardPage',
  ),
});

/** Social mentions in, negative ones as complaint cases, with the report by line. */
const socialImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/social-import',
  component: lazyRouteComponent(
    () => import('./features/cases/social/SocialImportPage.js'),
    'SocialImportPage',
  ),
});

/** Compensation above an agent's cap, waiting for a manager's approval. */
const caseApprovalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/approvals',
  component: lazyRouteComponent(() => import('./features/cases/recovery/ApprovalsPage.js'), 'ApprovalsPage'),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies',
  validateSearch: CompaniesSearch,
  component: lazyRouteComponent(() => import('./features/companies/CompaniesPage.js'), 'CompaniesPage'),
});

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$companyId',
  component: lazyRouteComponent(() => import('./features/companies/CompanyPage.js'), 'CompanyPage'),
});

const arrivalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/arrivals',
  validateSearch: ArrivalsSearch,
  component: lazyRouteComponent(() => import('./features/briefings/ArrivalsPage.js'), 'ArrivalsPage'),
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import',
  validateSearch: z.object({ run: z.string().max(100).optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('./features/imports/ImportPage.js'), 'ImportPage'),
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
  validateSearch: DuplicatesSearch,
  component: lazyRouteComponent(() => import('./features/identity/DuplicatesPage.js'), 'DuplicatesPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./features/settings/SettingsLayout.js'), 'SettingsLayout'),
});

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/settings/workspace' });
  },
});

const settingsWorkspaceRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/workspace',
  component: lazyRouteComponent(
    () => import('./features/settings/WorkspaceSettings.js'),
    'WorkspaceSettings',
  ),
});

const settingsUsersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/users',
  component: lazyRouteComponent(() => import('./features/settings/UsersSettings.js'), 'UsersSettings'),
});

const settingsApiKeysRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/api-keys',
  component: lazyRouteComponent(() => import('./features/settings/ApiKeysSettings.js'), 'ApiKeysSettings'),
});

const settingsIdentityRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/identity',
  component: lazyRouteComponent(
    () => import('./features/identity/IdentitySettingsPage.js'),
    'IdentitySettingsPage',
  ),
});

const settingsTouchpointsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/touchpoints',
  component: lazyRouteComponent(
    () => import('./features/settings/TouchpointSettings.js'),
    'TouchpointSettings',
  ),
});

const settingsValueRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/value',
  component: lazyRouteComponent(() => import('./features/value/ValueSettingsPage.js'), 'ValueSettingsPage'),
});

const settingsRelationshipsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/relationships',
  component: lazyRouteComponent(
    () => import('./features/relationships/RelationshipSettingsPage.js'),
    'RelationshipSettingsPage',
  ),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  publicSurveyRoute,
  publicCaseFormRoute,
  publicCsatRoute,
  appRoute.addChildren([
    dashboardRoute,
    valueRoute,
    relationshipsRoute,
    workListRoute,
    caseDashboardRoute,
    customersRoute,
    customerRoute,
    casesRoute,
    caseApprovalsRoute,
    caseRoute,
    suggestionsRoute,
    socialImportRoute,
    companiesRoute,
    companyRoute,
    arrivalsRoute,
    importRoute,
    duplicatesRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      settingsWorkspaceRoute,
      settingsUsersRoute,
      settingsApiKeysRoute,
      settingsTouchpointsRoute,
      settingsIdentityRoute,
      settingsValueRoute,
      settingsRelationshipsRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
