import {
  Case,
  CaseCreate,
  CaseCreated,
  CaseDetail,
  CaseIntake,
  CaseIntakeResult,
  CaseListQuery,
  CaseMessage,
  CaseMessageCreate,
  CaseStatusChange,
  CaseUpdate,
  CustomerCaseListQuery,
  CustomerCasesParams,
} from '../../../shared/contracts/cases.js';
import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { CasesService } from './cases.service.js';

export function casesRoutes(app: App, deps: { cases: CasesService }) {
  const { cases } = deps;
  const tags = ['cases'];
  app.post(
    '/cases',
    {
      schema: {
        tags,
        summary:
          'Open a case (a repeat — same idempotencyKey, or same customer, type and body within 10 minutes — answers 200 with the existing case)',
        body: CaseCreate,
        response: { 200: CaseCreated, 201: CaseCreated },
      },
    },
    async (req, reply) => {
      const created = await cases.create(req.actor, req.body);
      return reply.code(created.duplicateOf ? 200 : 201).send(created);
    },
  );
  app.post(
    '/cases/intake',
    {
      schema: {
        tags,
        summary:
          'Open a case for a sender known by e-mail, phone or social handle: found among the customers, else a new provisional customer (a repeat answers 200 with the existing case)',
        body: CaseIntake,
        response: { 200: CaseIntakeResult, 201: CaseIntakeResult },
      },
    },
    async (req, reply) => {
      const created = await cases.intake(req.actor, req.body);
      return reply.code(created.duplicateOf ? 200 : 201).send(created);
    },
  );
  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'List cases (filter by status, type, severity, assignee, team, customer, tag, words)',
        querystring: CaseListQuery,
        response: { 200: pageOf(Case) },
      },
    },
    (req) => cases.list(req.actor, req.query),
  );
  app.get(
    '/customers/:customerId/cases',
    {
      schema: {
        tags,
        summary: "A customer's cases",
        params: CustomerCasesParams,
        querystring: CustomerCaseListQuery,
        response: { 200: pageOf(Case) },
      },
    },
    (req) => cases.listForCustomer(req.actor, req.params.customerId, req.query),
  );
  app.get(
    '/cases/:id',
    {
      schema: {
        tags,
        summary: 'A case with its messages and history',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    (req) => cases.get(req.actor, req.params.id),
  );
  app.patch(
    '/cases/:id',
    {
      schema: {
        tags,
        summary: 'Change subject, severity, tags, assignee or team',
        params: IdParams,
        body: CaseUpdate,
        response: { 200: Case },
      },
    },
    (req) => cases.update(req.actor, req.params.id, req.body),
  );
  app.post(
    '/cases/:id/status',
    {
      schema: {
        tags,
        summary: 'Move the case to another status (only the allowed transitions; reopen goes to in_progress)',
        params: IdParams,
        body: CaseStatusChange,
        response: { 200: Case },
      },
    },
    (req) => cases.changeStatus(req.actor, req.params.id, req.body),
  );
  app.post(
    '/cases/:id/messages',
    {
      schema: {
        tags,
        summary: 'Add an internal note, a reply to the customer or a message from them',
        params: IdParams,
        body: CaseMessageCreate,
        response: { 201: CaseMessage },
      },
    },
    async (req, reply) => reply.code(201).send(await cases.addMessage(req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/cases/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Case } } },
    (req) => cases.remove(req.actor, req.params.id),
  );
}
