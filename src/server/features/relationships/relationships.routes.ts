import { z } from 'zod';
import { IdParams } from '../../../shared/contracts/common.js';
import {
  ClassifierConfigInput,
  ClassifierConfigOut,
  ClassifierPreview,
  FlowsQuery,
  LetGoDecision,
  LetGoInput,
  NextAction,
  OverrideInput,
  PolicyCheckRequest,
  PolicyCheckResult,
  PublicSurvey,
  PublicSurveyAnswer,
  RelationshipPanel,
  RelationshipPortfolio,
  RelationshipRules,
  RelationshipRun,
  RelationshipType,
  RulesBook,
  SurveyAnswer,
  SurveyLink,
  SurveyLinkInput,
  SurveyResponse,
  WorkList,
  WorkListQuery,
} from '../../../shared/contracts/relationships.js';
import type { App } from '../../lib/http.js';
import type { RelationshipsService } from './relationships.service.js';

const TypeParams = z.object({ type: RelationshipType });
const TokenParams = z.object({ token: z.string().min(1).max(200) });

/** `surveyRequestsPerMinute`: survey-link requests one address may make per minute. */
export function relationshipsRoutes(
  app: App,
  deps: { relationships: RelationshipsService; surveyRequestsPerMinute?: number },
) {
  const { relationships: r } = deps;
  const tags = ['relationships'];

  app.post(
    '/policy/check',
    {
      schema: {
        tags,
        summary:
          'Checks a planned action (channel, purpose, content tags, time) for a customer: allow, warn or block with reasons; every decision is logged',
        body: PolicyCheckRequest,
        response: { 200: PolicyCheckResult },
      },
    },
    (req) => r.check(req.actor, req.body),
  );
  app.get(
    '/customers/:id/relationship',
    {
      schema: {
        tags,
        summary:
          "A customer's relationship: type with explanation, stage history, survey, rules, next actions",
        params: IdParams,
        response: { 200: RelationshipPanel },
      },
    },
    (req) => r.panel(req.actor, req.params.id),
  );
  app.get(
    '/customers/:id/next-actions',
    {
      schema: {
        tags,
        summary: 'Up to three next actions, each passing the policy check',
        params: IdParams,
        response: { 200: z.object({ items: z.array(NextAction) }) },
      },
    },
    async (req) => ({ items: await r.nextActions(req.actor, req.params.id) }),
  );
  app.put(
    '/customers/:id/relationship/override',
    {
      schema: {
        tags,
        summary: 'Sets the type by hand, with a reason (audited; kept across recomputes)',
        params: IdParams,
        body: OverrideInput,
        response: { 200: RelationshipPanel.shape.override },
      },
    },
    (req) => r.setOverride(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/customers/:id/relationship/override',
    {
      schema: {
        tags,
        summary: 'Removes the override: the inferred type is in force again',
        params: IdParams,
      },
    },
    async (req, reply) => {
      await r.clearOverride(req.actor, req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/customers/:id/relationship/survey',
    {
      schema: {
        tags,
        summary:
          "Records the customer's answer to the relationship survey (a new version; reclassifies at once)",
        params: IdParams,
        body: SurveyAnswer,
        response: { 201: SurveyResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await r.recordSurvey(req.actor, req.params.id, req.body)),
  );
  app.post(
    '/customers/:id/relationship/survey-links',
    {
      schema: {
        tags,
        summary:
          'Creates a link for the customer to answer the relationship survey themselves (shown once; with what their rules say about sending it)',
        params: IdParams,
        body: SurveyLinkInput,
        response: { 201: SurveyLink },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await r.createSurveyLink(req.actor, req.params.id, req.body, `${req.protocol}://${req.host}`)),
  );
  // The customer's side: no login, the link is the key; limited per address against guessing.
  const publicSurvey = {
    public: true,
    rateLimit: { max: deps.surveyRequestsPerMinute ?? 30, timeWindow: '1 minute' },
  };
  app.get(
    '/public/surveys/:token',
    {
      schema: {
        tags,
        summary: 'The relationship survey a customer opened from their link',
        params: TokenParams,
        response: { 200: PublicSurvey },
        security: [],
      },
      config: publicSurvey,
    },
    (req) => r.publicSurvey(req.params.token),
  );
  app.post(
    '/public/surveys/:token',
    {
      schema: {
        tags,
        summary:
          "Records the customer's answer through their link (the same answer again records nothing new)",
        params: TokenParams,
        body: PublicSurveyAnswer,
        response: { 200: PublicSurvey },
        security: [],
      },
      config: publicSurvey,
    },
    (req) => r.answerPublicSurvey(req.params.token, req.body),
  );
  app.post(
    '/customers/:id/relationship/let-go',
    {
      schema: {
        tags,
        summary: 'Lets a customer go, deprioritises or reinstates them: a reason is required; audited',
        params: IdParams,
        body: LetGoInput,
        response: { 201: LetGoDecision },
      },
    },
    async (req, reply) => reply.code(201).send(await r.letGo(req.actor, req.params.id, req.body)),
  );
  app.get(
    '/relationships/portfolio',
    {
      schema: {
        tags,
        summary: 'Type mix, stages, stage flows between two dates, strength vs value, violations prevented',
        querystring: FlowsQuery,
        response: { 200: RelationshipPortfolio },
      },
    },
    (req) => r.portfolio(req.actor, req.query),
  );
  app.get(
    '/relationships/work-list',
    {
      schema: {
        tags,
        summary:
          'Customers whose stage or open complaints call for action, most valuable first, with next actions',
        querystring: WorkListQuery,
        response: { 200: WorkList },
      },
    },
    (req) => r.workList(req.actor, req.query),
  );
  app.get(
    '/relationships/rules',
    {
      schema: {
        tags,
        summary: 'The contact rules of every type, with the shipped defaults',
        response: { 200: RulesBook },
      },
    },
    (req) => r.getRules(req.actor),
  );
  app.put(
    '/relationships/rules/:type',
    {
      schema: {
        tags,
        summary: "Replaces one type's rules (admins; audited)",
        params: TypeParams,
        body: RelationshipRules,
        response: { 200: RulesBook },
      },
    },
    (req) => r.putRules(req.actor, req.params.type, req.body),
  );
  app.delete(
    '/relationships/rules/:type',
    {
      schema: {
        tags,
        summary: "Resets one type's rules to the shipped default (admins; audited)",
        params: TypeParams,
        response: { 200: RulesBook },
      },
    },
    (req) => r.putRules(req.actor, req.params.type, null),
  );
  app.get(
    '/relationships/classifier',
    {
      schema: {
        tags,
        summary: 'The scoring model in force, with its version',
        response: { 200: ClassifierConfigOut },
      },
    },
    (req) => r.getClassifier(req.actor),
  );
  app.post(
    '/relationships/classifier/preview',
    {
      schema: {
        tags,
        summary: 'How many customers an edited model would move, without saving it (admins)',
        body: ClassifierConfigInput,
        response: { 200: ClassifierPreview },
      },
    },
    (req) => r.previewClassifier(req.actor, req.body),
  );
  app.put(
    '/relationships/classifier',
    {
      schema: {
        tags,
        summary: 'Saves an edited model as the next version (admins; audited; used from the next recompute)',
        body: ClassifierConfigInput,
        response: { 200: ClassifierConfigOut },
      },
    },
    (req) => r.saveClassifier(req.actor, req.body),
  );
  app.post(
    '/relationships/runs',
    {
      schema: {
        tags,
        summary: 'Recompute every customer’s type and stage now (queued; answers the active run if any)',
        response: { 202: RelationshipRun },
      },
    },
    async (req, reply) => reply.code(202).send(await r.requestRecompute(req.actor)),
  );
  app.get(
    '/relationships/runs',
    {
      schema: {
        tags,
        summary: 'The latest 20 runs',
        response: { 200: z.object({ items: z.array(RelationshipRun) }) },
      },
    },
    async (req) => ({ items: await r.listRuns(req.actor) }),
  );
  app.get(
    '/relationships/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run with its progress',
        params: IdParams,
        response: { 200: RelationshipRun },
      },
    },
    (req) => r.getRun(req.actor, req.params.id),
  );
}
