import { z } from 'zod';
import { Id, IdParams } from '../../../shared/contracts/common.js';
import {
  CustomerValuePanel,
  RecomputeRequest,
  ValueDashboard,
  ValueRun,
  ValueRunList,
  ValueSettings,
  ValueSettingsUpdate,
} from '../../../shared/contracts/value.js';
import type { App } from '../../lib/http.js';
import type { ValueService } from './value.service.js';

const DashboardQuery = z.object({ runId: Id.optional() });

export function valueRoutes(app: App, deps: { value: ValueService }) {
  const { value } = deps;
  const tags = ['value'];

  app.get(
    '/value/settings',
    { schema: { tags, summary: 'How value runs are made', response: { 200: ValueSettings } } },
    (req) => value.getSettings(req.actor),
  );
  app.patch(
    '/value/settings',
    {
      schema: {
        tags,
        summary: 'Change the unit, model, horizon, discount rate, holdout, nightly schedule (admins)',
        body: ValueSettingsUpdate,
        response: { 200: ValueSettings },
      },
    },
    (req) => value.updateSettings(req.actor, req.body),
  );
  app.post(
    '/value/runs',
    {
      schema: {
        tags,
        summary: 'Recompute now: queues a run (answers the run already queued or running, if any)',
        body: RecomputeRequest.optional(),
        response: { 202: ValueRun },
      },
    },
    async (req, reply) => reply.code(202).send(await value.requestRecompute(req.actor)),
  );
  app.get(
    '/value/runs',
    {
      schema: {
        tags,
        summary: 'The latest 50 runs, newest first (without validation)',
        response: { 200: ValueRunList },
      },
    },
    async (req) => ({ items: await value.listRuns(req.actor) }),
  );
  app.get(
    '/value/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run with its fits and validation report',
        params: IdParams,
        response: { 200: ValueRun },
      },
    },
    (req) => value.getRun(req.actor, req.params.id),
  );
  app.get(
    '/value/dashboard',
    {
      schema: {
        tags,
        summary: 'Tiers, CLV distribution, RFM grid and P(alive) of the current run (or runId)',
        querystring: DashboardQuery,
        response: { 200: ValueDashboard },
      },
    },
    (req) => value.dashboard(req.actor, req.query.runId),
  );
  app.get(
    '/customers/:id/value',
    {
      schema: {
        tags,
        summary: "A customer's value in the current run and across the kept runs",
        params: IdParams,
        response: { 200: CustomerValuePanel },
      },
    },
    (req) => value.customerPanel(req.actor, req.params.id),
  );
}
