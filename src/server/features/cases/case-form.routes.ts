import {
  PublicCaseForm,
  PublicCaseParams,
  PublicCaseReceipt,
  PublicCaseSubmission,
} from '../../../shared/contracts/cases.js';
import type { App } from '../../lib/http.js';
import type { CaseFormService } from './case-form.service.js';

/**
 * The public web form: no login, the workspace named by its slug. `submissionsPerMinute`:
 * submissions one IP address may send per minute; opening the form is allowed five times as
 * often (a person reloads, a tablet at the desk serves many guests).
 */
export function caseFormRoutes(app: App, deps: { caseForm: CaseFormService; submissionsPerMinute: number }) {
  const { caseForm } = deps;
  const tags = ['public'];
  app.get(
    '/public/workspaces/:slug/case-form',
    {
      schema: {
        tags,
        summary: 'What the public complaint and suggestion form shows, with its timing token',
        params: PublicCaseParams,
        response: { 200: PublicCaseForm },
        security: [],
      },
      config: {
        public: true,
        rateLimit: { max: deps.submissionsPerMinute * 5, timeWindow: '1 minute' },
      },
    },
    (req) => caseForm.form(req.params.slug),
  );
  app.post(
    '/public/workspaces/:slug/cases',
    {
      schema: {
        tags,
        summary:
          'Sends a complaint, suggestion, question or praise from the public form (answers its reference only)',
        params: PublicCaseParams,
        body: PublicCaseSubmission,
        response: { 201: PublicCaseReceipt },
        security: [],
      },
      config: { public: true, rateLimit: { max: deps.submissionsPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => reply.code(201).send(await caseForm.submit(req.params.slug, req.body)),
  );
}
