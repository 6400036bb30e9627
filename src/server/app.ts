import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from './db/client.js';
import { createApiKeysRepo } from './features/api-keys/api-keys.repo.js';
import { apiKeysRoutes } from './features/api-keys/api-keys.routes.js';
import { createApiKeysService } from './features/api-keys/api-keys.service.js';
import { createAuditRepo } from './features/audit/audit.repo.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { createAuditLog } from './features/audit/audit.service.js';
import { createAuthHook } from './features/auth/auth.hook.js';
import { createAuthRepo } from './features/auth/auth.repo.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { createAuthService } from './features/auth/auth.service.js';
import { createBriefingsRepo } from './features/briefings/briefings.repo.js';
import { briefingsRoutes } from './features/briefings/briefings.routes.js';
import { createBriefingsService } from './features/briefings/briefings.service.js';
import { createCaseAnalyticsRepo } from './features/cases/case-analytics.repo.js';
import { caseAnalyticsRoutes } from './features/cases/case-analytics.routes.js';
import { createCaseAnalyticsService } from './features/cases/case-analytics.service.js';
import { createCaseBulkRepo } from './features/cases/case-bulk.repo.js';
import { caseBulkRoutes } from './features/cases/case-bulk.routes.js';
import { createCaseBulkService } from './features/cases/case-bulk.service.js';
import { caseCsatRoutes } from './features/cases/case-csat.routes.js';
import {
  CSAT_REMINDER_JOB,
  CSAT_REQUEST_JOB,
  createCaseCsatService,
} from './features/cases/case-csat.service.js';
import { caseFormRoutes } from './features/cases/case-form.routes.js';
import { createCaseFormService } from './features/cases/case-form.service.js';
import { createCaseMailListener } from './features/cases/case-mail.listener.js';
import { CASE_REPLY_EMAIL_JOB, createCaseMailService } from './features/cases/case-mail.service.js';
import { createCaseResolutionRepo } from './features/cases/case-resolution.repo.js';
import { caseResolutionRoutes } from './features/cases/case-resolution.routes.js';
import { createCaseResolutionService } from './features/cases/case-resolution.service.js';
import { createCaseSlaRepo } from './features/cases/case-sla.repo.js';
import { caseSlaRoutes } from './features/cases/case-sla.routes.js';
import { CASE_SLA_SWEEP_JOB, createCaseSlaService } from './features/cases/case-sla.service.js';
import { createCaseSocialRepo } from './features/cases/case-social.repo.js';
import { caseSocialRoutes } from './features/cases/case-social.routes.js';
import { createCaseSocialService } from './features/cases/case-social.service.js';
import { createCaseSuggestionsRepo } from './features/cases/case-suggestions.repo.js';
import { caseSuggestionsRoutes } from './features/cases/case-suggestions.routes.js';
import { createCaseSuggestionsService } from './features/cases/case-suggestions.service.js';
import { createCasesRepo } from './features/cases/cases.repo.js';
import { casesRoutes } from './features/cases/cases.routes.js';
import { createCasesService } from './features/cases/cases.service.js';
import { createCompaniesRepo } from './features/companies/companies.repo.js';
import { companiesRoutes } from './features/companies/companies.routes.js';
import { createCompaniesService } from './features/companies/companies.service.js';
import { customer360Routes } from './features/customers/customer-360.routes.js';
import { createCustomer360Service } from './features/customers/customer-360.service.js';
import { createCustomersRepo } from './features/customers/customers.repo.js';
import { customersRoutes } from './features/customers/customers.routes.js';
import { createCustomersService } from './features/customers/customers.service.js';
import { createDashboardRepo } from './features/dashboard/dashboard.repo.js';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.js';
import { createDashboardService } from './features/dashboard/dashboard.service.js';
import { createEventsRepo } from './features/events/events.repo.js';
import { eventsRoutes } from './features/events/events.routes.js';
import { createEventsService } from './features/events/events.service.js';
import { healthRoutes } from './features/health/health.routes.js';
import { createIdentityRepo } from './features/identity/identity.repo.js';
import { identityRoutes } from './features/identity/identity.routes.js';
import { createIdentityService } from './features/identity/identity.service.js';
import { createMergesRepo } from './features/identity/merges.repo.js';
import { createMergesService } from './features/identity/merges.service.js';
import { importsRoutes } from './features/imports/imports.routes.js';
import { createImportsService } from './features/imports/imports.service.js';
import { createLookupRepo } from './features/lookup/lookup.repo.js';
import { lookupRoutes } from './features/lookup/lookup.routes.js';
import { createLookupService } from './features/lookup/lookup.service.js';
import { createNotesRepo } from './features/notes/notes.repo.js';
import { notesRoutes } from './features/notes/notes.routes.js';
import { createNotesService } from './features/notes/notes.service.js';
import { createOrdersRepo } from './features/orders/orders.repo.js';
import { ordersRoutes } from './features/orders/orders.routes.js';
import { createOrdersService } from './features/orders/orders.service.js';
import { createProductsRepo } from './features/products/products.repo.js';
import { productsRoutes } from './features/products/products.routes.js';
import { createProductsService } from './features/products/products.service.js';
import { createRelationshipsRepo } from './features/relationships/relationships.repo.js';
import { relationshipsRoutes } from './features/relationships/relationships.routes.js';
import {
  createRelationshipsService,
  RELATIONSHIPS_RECOMPUTE_JOB,
} from './features/relationships/relationships.service.js';
import { createSavedViewsRepo } from './features/saved-views/saved-views.repo.js';
import { savedViewsRoutes } from './features/saved-views/saved-views.routes.js';
import { createSavedViewsService } from './features/saved-views/saved-views.service.js';
import { createTasksRepo } from './features/tasks/tasks.repo.js';
import { tasksRoutes } from './features/tasks/tasks.routes.js';
import { createTasksService } from './features/tasks/tasks.service.js';
import { createTouchpointTypesRepo } from './features/touchpoint-types/touchpoint-types.repo.js';
import { touchpointTypesRoutes } from './features/touchpoint-types/touchpoint-types.routes.js';
import { createTouchpointTypesService } from './features/touchpoint-types/touchpoint-types.service.js';
import { createTouchpointsRepo } from './features/touchpoints/touchpoints.repo.js';
import { touchpointsRoutes } from './features/touchpoints/touchpoints.routes.js';
import { createTouchpointsService } from './features/touchpoints/touchpoints.service.js';
import { createUsersRepo } from './features/users/users.repo.js';
import { usersRoutes } from './features/users/users.routes.js';
import { createUsersService } from './features/users/users.service.js';
import { createValueRepo } from './features/value/value.repo.js';
import { valueRoutes } from './features/value/value.routes.js';
import { createValueService, VALUE_RECOMPUTE_JOB } from './features/value/value.service.js';
import { createVisitsRepo } from './features/visits/visits.repo.js';
import { visitsRoutes } from './features/visits/visits.routes.js';
import { createVisitsService } from './features/visits/visits.service.js';
import { isPageRequest, webRoutes } from './features/web/web.routes.js';
import { createWorkspacesRepo } from './features/workspaces/workspaces.repo.js';
import { workspacesRoutes } from './features/workspaces/workspaces.routes.js';
import { createWorkspacesService } from './features/workspaces/workspaces.service.js';
import { createJobsRepo } from './jobs/jobs.repo.js';
import { createJobRunner } from './jobs/jobs.runner.js';
import type { Clock } from './lib/clock.js';
import { type App, sendProblem, toProblem } from './lib/http.js';
import { newId } from './lib/ids.js';
import { createSmtpMailer } from './lib/mailer.js';

export interface AppOptions {
  database: Database;
  clock: Clock;
  sessionTtlHours?: number;
  cookieSecure?: boolean;
  bodyLimitBytes?: number;
  importBodyLimitBytes?: number;
  login?: { maxFailures: number; lockMinutes: number };
  /** Login attempts per IP address per minute. */
  loginsPerMinute?: number;
  /** Public case-form submissions per IP address per minute. */
  caseSubmissionsPerMinute?: number;
  logger?: FastifyServerOptions['logger'];
  /** The built web app (`dist/web`) to serve at `/`; null or missing serves a page saying how to build it. */
  webRoot?: string | null;
  /** Outgoing mail (case replies); null or missing: replies are stored and marked not sent. */
  mailOut?: { url: string; from: string } | null;
  /** The domain of inbound case addresses (`<slug>@<domain>`); null or missing: any domain. */
  inboundMailDomain?: string | null;
  /** Where customers reach the public pages (satisfaction links in e-mails): `PUBLIC_URL`. */
  publicUrl?: string | null;
}

/** Wires repositories → services. The CLI uses this without HTTP. */
export function createServices(
  opts: Pick<
    AppOptions,
    'database' | 'clock' | 'sessionTtlHours' | 'login' | 'mailOut' | 'inboundMailDomain' | 'publicUrl'
  >,
) {
  const { database, clock } = opts;
  const tx = database.tx;
  const audit = createAuditLog({ repo: createAuditRepo(database), clock });
  const usersRepo = createUsersRepo(database);
  const workspacesRepo = createWorkspacesRepo(database);
  const apiKeysRepo = createApiKeysRepo(database);
  const workspaces = createWorkspacesService({ tx, repo: workspacesRepo, users: usersRepo, audit, clock });
  const identity = createIdentityService({ repo: createIdentityRepo(database), workspaces, audit, clock });
  const merges = createMergesService({ tx, repo: createMergesRepo(database), identity, audit, clock });
  const events = createEventsService({
    tx,
    repo: createEventsRepo(database),
    identity,
    merges,
    phoneCountry: workspaces.phoneCountry,
    audit,
    clock,
  });
  const customers = createCustomersService({
    tx,
    repo: createCustomersRepo(database),
    identity,
    audit,
    clock,
    phoneCountry: workspaces.phoneCountry,
  });
  const users = createUsersService({ tx, repo: usersRepo, audit, clock });
  const companies = createCompaniesService({
    tx,
    repo: createCompaniesRepo(database),
    customers,
    audit,
    clock,
  });
  const products = createProductsService({ tx, repo: createProductsRepo(database), audit, clock });
  const notes = createNotesService({ tx, repo: createNotesRepo(database), customers, audit, clock });
  const tasks = createTasksService({ tx, repo: createTasksRepo(database), customers, users, audit, clock });
  const orders = createOrdersService({ tx, repo: createOrdersRepo(database), customers, audit, clock });
  const touchpointTypes = createTouchpointTypesService({
    tx,
    repo: createTouchpointTypesRepo(database),
    audit,
    clock,
  });
  const touchpoints = createTouchpointsService({
    tx,
    repo: createTouchpointsRepo(database),
    customers,
    catalogue: touchpointTypes,
    audit,
    clock,
  });
  const casesRepo = createCasesRepo(database);
  const cases = createCasesService({
    tx,
    repo: casesRepo,
    customers,
    senders: events,
    phoneCountry: workspaces.phoneCountry,
    users,
    orders,
    products,
    touchpoints,
    // Bound late: relationships is wired below (it needs value and the job runner).
    policy: { check: (actor, req) => relationships.check(actor, req) },
    // Bound late: case mail is wired below (it needs the job runner).
    replies: { added: (actor, kase, message) => caseMail.replyAdded(actor, kase, message) },
    // Bound late: the SLA service is wired below (it needs the job runner, tasks and relationships).
    sla: { refresh: (actor, ids) => caseSla.refresh(actor, ids) },
    audit,
    clock,
  });
  const caseForm = createCaseFormService({ workspaces, cases, clock });
  const caseSuggestions = createCaseSuggestionsService({
    tx,
    repo: createCaseSuggestionsRepo(database),
    cases,
    audit,
    clock,
  });
  const caseSocial = createCaseSocialService({ tx, repo: createCaseSocialRepo(database), cases, audit });
  const caseAnalytics = createCaseAnalyticsService({
    repo: createCaseAnalyticsRepo(database),
    workspaces,
    clock,
  });
  const caseBulk = createCaseBulkService({ tx, repo: createCaseBulkRepo(database), cases, customers });
  const customer360 = createCustomer360Service({
    customers,
    identity,
    orders,
    timeline: touchpoints,
    tasks,
    companies,
  });
  const lookup = createLookupService({
    repo: createLookupRepo(database),
    catalogue: touchpointTypes,
    phoneCountry: workspaces.phoneCountry,
  });
  const imports = createImportsService({ database, audit, clock, mergeLinked: merges.mergeLinked });
  const dashboard = createDashboardService({
    repo: createDashboardRepo(database),
    workspaces,
    catalogue: touchpointTypes,
    clock,
  });
  const savedViews = createSavedViewsService({ tx, repo: createSavedViewsRepo(database), audit, clock });
  const visits = createVisitsService({
    tx,
    repo: createVisitsRepo(database),
    customers,
    workspaces,
    audit,
    clock,
  });
  const jobs = createJobRunner({ repo: createJobsRepo(database), clock });
  const caseMail = createCaseMailService({
    tx,
    repo: casesRepo,
    cases,
    customers,
    workspaces,
    jobs,
    mailer: opts.mailOut ? createSmtpMailer(opts.mailOut) : null,
    inboundDomain: opts.inboundMailDomain ?? null,
    clock,
  });
  jobs.register(CASE_REPLY_EMAIL_JOB, caseMail.handleSendJob);
  const caseResolutionRepo = createCaseResolutionRepo(database);
  const caseCsat = createCaseCsatService({
    tx,
    repo: caseResolutionRepo,
    casesRepo,
    customers,
    workspaces,
    // Bound late: relationships is wired below.
    policy: { check: (actor, req) => relationships.check(actor, req) },
    jobs,
    mailer: opts.mailOut ? createSmtpMailer(opts.mailOut) : null,
    inboundDomain: opts.inboundMailDomain ?? null,
    publicUrl: opts.publicUrl ?? 'http://localhost:3000',
    audit,
    clock,
  });
  jobs.register(CSAT_REQUEST_JOB, caseCsat.handleRequestJob);
  jobs.register(CSAT_REMINDER_JOB, caseCsat.handleReminderJob);
  jobs.schedule({ name: 'case satisfaction follow-up', tick: caseCsat.tick });
  const caseResolution = createCaseResolutionService({
    tx,
    repo: caseResolutionRepo,
    casesRepo,
    cases,
    customers,
    workspaces,
    csat: caseCsat,
    audit,
    clock,
  });
  const value = createValueService({
    tx,
    repo: createValueRepo(database),
    workspaces,
    jobs,
    customers,
    audit,
    clock,
  });
  jobs.register(VALUE_RECOMPUTE_JOB, value.handleJob);
  jobs.schedule({ name: 'value nightly', tick: value.nightlyTick });
  const relationships = createRelationshipsService({
    tx,
    repo: createRelationshipsRepo(database),
    workspaces,
    value,
    jobs,
    customers,
    audit,
    clock,
  });
  jobs.register(RELATIONSHIPS_RECOMPUTE_JOB, relationships.handleJob);
  jobs.schedule({ name: 'relationships nightly', tick: relationships.nightlyTick });
  const briefings = createBriefingsService({
    repo: createBriefingsRepo(database),
    visits,
    workspaces,
    clock,
    policy: relationships,
  });
  const caseSla = createCaseSlaService({
    tx,
    workspaces,
    repo: createCaseSlaRepo(database),
    cases: casesRepo,
    relationships,
    users,
    tasks,
    jobs,
    audit,
    clock,
  });
  jobs.register(CASE_SLA_SWEEP_JOB, caseSla.handleSweepJob);
  jobs.schedule({ name: 'case SLA sweep', tick: caseSla.sweepTick });
  return {
    audit,
    imports,
    workspaces,
    identity,
    merges,
    events,
    customers,
    companies,
    products,
    notes,
    tasks,
    cases,
    caseForm,
    caseResolution,
    caseCsat,
    caseSuggestions,
    caseSocial,
    caseAnalytics,
    caseBulk,
    caseSla,
    caseMail,
    orders,
    touchpoints,
    touchpointTypes,
    customer360,
    lookup,
    dashboard,
    savedViews,
    visits,
    briefings,
    jobs,
    value,
    relationships,
    users,
    apiKeys: createApiKeysService({ tx, repo: apiKeysRepo, audit, clock }),
    auth: createAuthService({
      tx,
      repo: createAuthRepo(database),
      users: usersRepo,
      workspaces: workspacesRepo,
      apiKeys: apiKeysRepo,
      audit,
      clock,
      settings: {
        sessionTtlHours: opts.sessionTtlHours ?? 12,
        maxFailures: opts.login?.maxFailures ?? 5,
        lockMinutes: opts.login?.lockMinutes ?? 15,
      },
    }),
  };
}
export type Services = ReturnType<typeof createServices>;

/**
 * The SMTP listener for inbound case mail on the app's services; the caller listens and closes
 * it (the server does when `SMTP_LISTEN_PORT` is set).
 */
export function buildMailListener(
  services: Pick<Services, 'caseMail'>,
  opts: { maxBytes?: number; log?: (line: string) => void } = {},
) {
  return createCaseMailListener({ caseMail: services.caseMail, ...opts });
}

/** The composition root: database → repositories → services → routes. The only wiring file. */
export async function buildApp(opts: AppOptions): Promise<{ app: App; services: Services }> {
  const services = createServices(opts);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    genReqId: () => newId(),
    requestIdHeader: 'x-request-id',
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, req, reply) => {
    const problem = toProblem(error, req);
    if (problem.status >= 500) req.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  let sendPage: Awaited<ReturnType<typeof webRoutes>> | null = null;
  app.setNotFoundHandler((req, reply) => {
    // A browser opening a deep link (/customers/…) gets the web app, whose router shows the screen.
    if (sendPage && isPageRequest(req)) return sendPage(req, reply);
    return sendProblem(
      reply,
      toProblem(Object.assign(new Error(`No route ${req.method} ${req.url}`), { statusCode: 404 }), req),
    );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // API answers carry personal data: never kept by a browser or a proxy (#8, ASVS 8.2.1).
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No plugins, no <base> to re-root relative URLs, never framed (clickjacking).
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Over plain HTTP (a laptop, a front-desk tablet on the LAN) upgrading would break every asset.
        ...(opts.cookieSecure ? {} : { upgradeInsecureRequests: null }),
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'Log in with POST /api/v1/auth/login (session cookie; send X-CSRF-Token on writes) or use an API key as `Authorization: Bearer rk_…`. Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'rapport_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  healthRoutes(app, { database: opts.database });
  sendPage = await webRoutes(app, { root: opts.webRoot ?? null });

  const authHook = createAuthHook(services.auth);
  await app.register(
    async (api) => {
      const scoped = api.withTypeProvider<ZodTypeProvider>();
      scoped.addHook('onRequest', authHook);
      authRoutes(scoped, {
        auth: services.auth,
        cookieSecure: opts.cookieSecure ?? false,
        loginsPerMinute: opts.loginsPerMinute ?? 20,
      });
      usersRoutes(scoped, { users: services.users });
      apiKeysRoutes(scoped, { apiKeys: services.apiKeys });
      customersRoutes(scoped, { customers: services.customers });
      identityRoutes(scoped, { identity: services.identity, merges: services.merges });
      eventsRoutes(scoped, { events: services.events });
      companiesRoutes(scoped, { companies: services.companies });
      productsRoutes(scoped, { products: services.products });
      notesRoutes(scoped, { notes: services.notes });
      tasksRoutes(scoped, { tasks: services.tasks });
      caseAnalyticsRoutes(scoped, { caseAnalytics: services.caseAnalytics });
      caseSlaRoutes(scoped, { caseSla: services.caseSla });
      caseSuggestionsRoutes(scoped, { caseSuggestions: services.caseSuggestions });
      caseSocialRoutes(scoped, { caseSocial: services.caseSocial });
      caseBulkRoutes(scoped, { caseBulk: services.caseBulk });
      caseResolutionRoutes(scoped, { caseResolution: services.caseResolution });
      caseCsatRoutes(scoped, {
        caseCsat: services.caseCsat,
        answersPerMinute: opts.caseSubmissionsPerMinute ?? 10,
      });
      casesRoutes(scoped, { cases: services.cases });
      caseFormRoutes(scoped, {
        caseForm: services.caseForm,
        submissionsPerMinute: opts.caseSubmissionsPerMinute ?? 10,
      });
      ordersRoutes(scoped, { orders: services.orders });
      touchpointsRoutes(scoped, { touchpoints: services.touchpoints });
      touchpointTypesRoutes(scoped, { touchpointTypes: services.touchpointTypes });
      customer360Routes(scoped, { customer360: services.customer360 });
      lookupRoutes(scoped, { lookup: services.lookup });
      importsRoutes(scoped, {
        imports: services.imports,
        workspaces: services.workspaces,
        maxBytes: opts.importBodyLimitBytes ?? 200 * 1_048_576,
      });
      auditRoutes(scoped, { audit: services.audit });
      workspacesRoutes(scoped, { workspaces: services.workspaces });
      dashboardRoutes(scoped, { dashboard: services.dashboard });
      savedViewsRoutes(scoped, { savedViews: services.savedViews });
      visitsRoutes(scoped, { visits: services.visits });
      briefingsRoutes(scoped, { briefings: services.briefings });
      valueRoutes(scoped, { value: services.value });
      relationshipsRoutes(scoped, { relationships: services.relationships });
    },
    { prefix: '/api/v1' },
  );
  return { app, services };
}
