import {
  CaseResolution,
  CaseResolve,
  ClaimsProfile,
  Compensation,
  CompensationCreate,
  CompensationDecision,
  CompensationListQuery,
  CompensationSettings,
  CompensationSettingsOut,
} from '../../../shared/contracts/case-resolution.js';
import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { CaseResolutionService } from './case-resolution.service.js';

export function caseResolutionRoutes(app: App, deps: { caseResolution: CaseResolutionService }) {
  const { caseResolution } = deps;
  const tags = ['cases'];
  app.get(
    '/cases/compensation-settings',
    {
      schema: {
        tags,
        summary:
          'What each role may offer as compensation without approval (minor units of the workspace currency)',
        response: { 200: CompensationSettingsOut },
      },
    },
    (req) => caseResolution.getSettings(req.actor),
  );
  app.put(
    '/cases/compensation-settings',
    {
      schema: {
        tags,
        summary: 'Replaces the compensation caps per role (admins; audited)',
        body: CompensationSettings,
        response: { 200: CompensationSettingsOut },
      },
    },
    (req) => caseResolution.putSettings(req.actor, req.body),
  );
  app.delete(
    '/cases/compensation-settings',
    {
      schema: {
        tags,
        summary: 'Goes back to the shipped compensation caps (admins; audited)',
        response: { 200: CompensationSettingsOut },
      },
    },
    (req) => caseResolution.putSettings(req.actor, null),
  );
  app.get(
    '/cases/:id/resolution',
    {
      schema: {
        tags,
        summary: "The case's outcome, root cause, satisfaction follow-up and compensation totals",
        params: IdParams,
        response: { 200: CaseResolution },
      },
    },
    (req) => caseResolution.get(req.actor, req.params.id),
  );
  app.post(
    '/cases/:id/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve the case with an outcome (and, for a complaint, its root cause); the satisfaction follow-up is scheduled',
        params: IdParams,
        body: CaseResolve,
        response: { 200: CaseResolution },
      },
    },
    (req) => caseResolution.resolve(req.actor, req.params.id, req.body),
  );
  app.get(
    '/cases/:id/compensations',
    {
      schema: {
        tags,
        summary: "The case's compensation, oldest first",
        params: IdParams,
        response: { 200: pageOf(Compensation) },
      },
    },
    async (req) => ({ items: await caseResolution.listForCase(req.actor, req.params.id), nextCursor: null }),
  );
  app.post(
    '/cases/:id/compensations',
    {
      schema: {
        tags,
        summary:
          "Offer compensation: approved at once within the offering role's cap, else waiting for a manager's approval",
        params: IdParams,
        body: CompensationCreate,
        response: { 201: Compensation },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await caseResolution.offer(req.actor, req.params.id, req.body)),
  );
  app.get(
    '/case-compensations',
    {
      schema: {
        tags,
        summary: 'Compensation by status, oldest first (by default the approval queue)',
        querystring: CompensationListQuery,
        response: { 200: pageOf(Compensation) },
      },
    },
    (req) => caseResolution.list(req.actor, req.query),
  );
  app.post(
    '/case-compensations/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve compensation waiting for approval (managers and admins; not your own offer)',
        params: IdParams,
        body: CompensationDecision,
        response: { 200: Compensation },
      },
    },
    (req) => caseResolution.approve(req.actor, req.params.id, req.body),
  );
  app.post(
    '/case-compensations/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject compensation waiting for approval (managers and admins; not your own offer)',
        params: IdParams,
        body: CompensationDecision,
        response: { 200: Compensation },
      },
    },
    (req) => caseResolution.reject(req.actor, req.params.id, req.body),
  );
  app.get(
    '/customers/:id/claims-profile',
    {
      schema: {
        tags,
        summary:
          "The customer's compensated claims, and whether they are far above their peers' (serial opportunistic claims)",
        params: IdParams,
        response: { 200: ClaimsProfile },
      },
    },
    (req) => caseResolution.claimsProfile(req.actor, req.params.id),
  );
}
