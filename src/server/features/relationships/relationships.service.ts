import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  ATTACHMENT_STATEMENTS,
  BRQ_FACETS,
  BRQ_STATEMENTS,
  ClassifierConfigInput,
  type ClassifierConfigOut,
  type ClassifierPreview,
  type LetGoDecision,
  LetGoInput,
  type LifecycleStage,
  type NextAction,
  OverrideInput,
  PlannedAction,
  PolicyCheckRequest,
  type PolicyCheckResult,
  type PolicySource,
  type PublicSurvey,
  PublicSurveyAnswer,
  RELATIONSHIP_TYPES,
  type RelationshipPanel,
  type RelationshipPortfolio,
  RelationshipRules,
  type RelationshipRun,
  type RelationshipType,
  type RulesBook,
  SURVEY_SENTENCES,
  SurveyAnswer,
  type SurveyLink,
  SurveyLinkInput,
  type SurveyResponse,
  type Tone,
  type WorkList,
} from '../../../shared/contracts/relationships.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import { addDays, dayInZone, hourInZone } from '../../../shared/zoned-day.js';
import type { Database } from '../../db/client.js';
import type { JobContext, JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, actorRef, systemActor } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId, stableId } from '../../lib/ids.js';
import { issueToken, parseToken, secretMatches } from '../../lib/tokens.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import {
  type ClassifierConfig,
  classify,
  FEATURE_KEYS,
  FEATURE_LABELS,
  type Features,
} from './core/classify.js';
import { relationshipStrength, toFeatures } from './core/features.js';
import { nextActionCandidates } from './core/next-actions.js';
import { CONTACT_WINDOW_MS, checkPolicy, type PolicyFacts } from './core/policy.js';
import { DEFAULT_RULES, TYPE_ORIENTATION } from './core/rules.js';
import { churnCount, stageAt } from './core/stages.js';
import { DEFAULT_CLASSIFIER } from './core/weights.js';
import { RELATIONSHIP_PERMISSIONS as P } from './relationships.policy.js';
import type {
  CustomerState,
  PolicyDecisionRow,
  RelationshipProfileRow,
  RelationshipRunRow,
  RelationshipsRepo,
  SurveyLinkRow,
  SurveyResponseRow,
} from './relationships.repo.js';

/** What the rules say about one customer, and the policy decisions on the actions asked about. */
export interface CustomerGuidance {
  type: RelationshipType;
  stage: LifecycleStage | null;
  tone: Tone;
  guidance: string;
  /** By the caller's key. */
  decisions: Map<string, PolicyCheckResult>;
}

/** Survey link tokens: `rsv_…` (see lib/tokens). */
const SURVEY_TOKEN_PREFIX = 'rsv';
/** Where the public survey page lives; the token follows. */
const SURVEY_PATH = '/survey/';
/** Asking for feedback by e-mail, as a survey link is sent: what the policy check is asked. */
const SURVEY_REQUEST: PlannedAction = {
  channel: 'email',
  purpose: 'feedback_request',
  contentTags: ['survey'],
  automated: false,
};

const sameAnswers = (a: Partial<Record<string, number>>, b: Partial<Record<string, number>>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
};

export const RELATIONSHIPS_RECOMPUTE_JOB = 'relationships.recompute';
const RULES_KEY = 'relationshipRules';
/** Customers classified per statement and write. */
const PAGE = 10_000;
/** Pages a recompute writes at once, each in its own transaction (PostgreSQL runs them side by side). */
const WRITERS = 2;
/** How often a job's lease is renewed while a run stages its reads. */
const HEARTBEAT_MS = 15_000;
/** Customers whose policy facts a batch check reads at once. */
const BATCH_READS = 4;
/** The quadrant's "strong relationship" line (strength 0–1). */
const STRONG_AT = 0.5;
/** Hours after the nightly value run's hour that the nightly relationship run starts. */
const NIGHTLY_LAG_HOURS = 2;
const DAY_MS = 86_400_000;

interface WorkspaceInfo {
  id: string;
  name: string;
  timeZone: string;
}

const toRun = (r: RelationshipRunRow): RelationshipRun => ({
  id: r.id,
  status: r.status,
  requestedBy: r.requestedBy,
  requestedAt: r.requestedAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  progress: r.progress ?? null,
  configVersion: r.configVersion,
  customers: r.customers,
  error: r.error,
});

const toSurvey = (r: SurveyResponseRow): SurveyResponse => ({
  id: r.id,
  customerId: r.customerId,
  version: r.version,
  sentence: r.sentence,
  brq: r.brq,
  attachment: {
    ...(r.anxiety !== null ? { anxiety: r.anxiety } : {}),
    ...(r.avoidance !== null ? { avoidance: r.avoidance } : {}),
  },
  source: r.source,
  answeredAt: r.answeredAt,
});

/** A type's rules as the workspace saved them (its `relationshipRules` setting), or null when not edited. */
function savedRules(stored: unknown, type: RelationshipType): RelationshipRules | null {
  const parsed = RelationshipRules.safeParse((stored as Record<string, unknown> | null | undefined)?.[type]);
  return parsed.success ? parsed.data : null;
}

/** Orientation from the type probabilities, nudged by the customer's own answers when given. */
function orientationOf(inferred: number, survey: CustomerState['survey']): number {
  if (!survey) return inferred;
  const closeness = ['intimacy', 'love_passion', 'self_connection']
    .map((k) => survey.brq[k])
    .filter((v): v is number => typeof v === 'number');
  const parts = [...closeness];
  // Attachment avoidance: the more a customer avoids closeness, the more exchange-like.
  if (survey.avoidance !== null) parts.push(8 - survey.avoidance);
  if (!parts.length) return inferred;
  const said = (parts.reduce((a, b) => a + b, 0) / parts.length - 4) / 3;
  return Math.max(-1, Math.min(1, 0.5 * inferred + 0.5 * said));
}

/**
 * Relationship intelligence: every customer's type (inferred, explained, overridable), stage
 * episodes, the contact rules of each type, the policy check every outgoing path calls, next
 * best actions, let-go decisions and the portfolio dashboard.
 */
export function createRelationshipsService(deps: {
  tx: Database['tx'];
  repo: RelationshipsRepo;
  workspaces: {
    findById(id: string): Promise<WorkspaceInfo | undefined>;
    listAll(): Promise<WorkspaceInfo[]>;
    setting(workspaceId: string, key: string): Promise<unknown>;
    putSetting(workspaceId: string, key: string, value: unknown): Promise<void>;
  };
  value: {
    currentRunId(workspaceId: string): Promise<string | null>;
    settings(workspaceId: string): Promise<{ nightly: boolean; nightlyHour: number }>;
  };
  jobs: Pick<JobRunner, 'enqueue'>;
  customers: Pick<CustomersService, 'assertExists' | 'get'>;
  audit: AuditLog;
  clock: Clock;
  log?: (line: string) => void;
}) {
  const { repo, clock } = deps;

  async function workspace(workspaceId: string): Promise<WorkspaceInfo> {
    const ws = await deps.workspaces.findById(workspaceId);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return ws;
  }

  /** The workspace's rules: the shipped defaults with its saved edits on top. */
  async function rulesBook(workspaceId: string): Promise<RulesBook> {
    const stored = await deps.workspaces.setting(workspaceId, RULES_KEY);
    const rules = { ...DEFAULT_RULES } as Record<RelationshipType, RelationshipRules>;
    const edited: RelationshipType[] = [];
    for (const type of RELATIONSHIP_TYPES) {
      const saved = savedRules(stored, type);
      if (saved) {
        rules[type] = saved;
        edited.push(type);
      }
    }
    return { rules, defaults: { ...DEFAULT_RULES }, edited };
  }

  async function classifierConfig(workspaceId: string): Promise<ClassifierConfig & { note: string }> {
    const row = await repo.latestConfig(workspaceId);
    if (!row) return { ...DEFAULT_CLASSIFIER, note: 'shipped defaults' };
    return { ...row.config, version: row.version, note: row.note };
  }

  /** Classifies and stages a page of customers; returns the profile rows and the stage changes. */
  function evaluate(
    workspaceId: string,
    runId: string,
    states: readonly CustomerState[],
    config: ClassifierConfig,
    today: string,
    now: Date,
  ) {
    const profiles: RelationshipProfileRow[] = [];
    const changes: { customerId: string; stage: RelationshipProfileRow['stage'] }[] = [];
    for (const s of states) {
      const features = toFeatures(s);
      const c = classify(features, s.survey?.sentence ?? null, config);
      const stage = stageAt({
        tenureDays: Math.max(0, s.firstOrderDaysAgo ?? 0),
        purchases: s.orders,
        recentPurchases: s.ordersLast180,
        previousPurchases: s.ordersPrev180,
        recencyDays: Math.max(0, s.lastOrderDaysAgo ?? 0),
        pAlive: s.pAlive === null ? null : Math.min(1, Math.max(0, s.pAlive)),
        previous: s.episode?.stage ?? null,
      });
      const changed = s.episode?.stage !== stage;
      if (changed) changes.push({ customerId: s.customerId, stage });
      profiles.push({
        workspaceId,
        customerId: s.customerId,
        runId,
        type: c.type,
        runnerUp: c.runnerUp,
        confidence: c.confidence,
        orientationScore: orientationOf(c.orientationScore, s.survey),
        strength: relationshipStrength(features, s.survey),
        signals: c.signals,
        features,
        fromSurvey: c.fromSurvey ? 1 : 0,
        configVersion: c.configVersion,
        stage,
        stageSince: changed ? today : s.episode!.startedOn,
        pAlive: s.pAlive,
        clvMinor: s.clvMinor,
        valueTier: s.valueTier,
        computedAt: now,
      });
    }
    return { profiles, changes };
  }

  /**
   * Computes a run: every customer in pages of {@link PAGE}, each page one read, one profile
   * upsert and one episode write. Safe to repeat after a crash: a page re-run upserts the same
   * profiles and a stage already recorded today is not recorded twice. The order and
   * touch-point aggregates are staged once for the whole run (see `repo.openRecompute`); then
   * the next page is read and classified while earlier ones are written ({@link WRITERS} at a
   * time), so the database writes while this process works.
   */
  async function execute(
    workspaceId: string,
    runId: string,
    opts: { heartbeat?: () => Promise<void>; onProgress?: (p: RelationshipRun['progress']) => void } = {},
  ): Promise<RelationshipRunRow> {
    const run = await repo.findRun(workspaceId, runId);
    if (!run) throw new AppError('RELATIONSHIP_RUN_NOT_FOUND', { id: runId });
    if (run.status === 'succeeded') return run;
    const ws = await workspace(workspaceId);
    const config = await classifierConfig(workspaceId);
    const now = clock.now();
    const today = dayInZone(now, ws.timeZone);
    const valueRunId = await deps.value.currentRunId(workspaceId);
    await repo.updateRun(workspaceId, runId, {
      status: 'running',
      startedAt: now,
      error: null,
      configVersion: config.version,
    });
    try {
      let done = 0;
      // Counted before the run reads, so a screen shows how far along it is; customers created
      // meanwhile can take `done` past it, which the final progress settles.
      const total = await repo.countClassifiable(workspaceId);
      const staging = { phase: 'staging', done: 0, total };
      opts.onProgress?.(staging);
      await repo.updateRun(workspaceId, runId, { progress: staging });
      // The lease must outlive staging, which is one long read before the first page.
      let lost: unknown = null;
      const beat = opts.heartbeat
        ? setInterval(() => void opts.heartbeat!().catch((e: unknown) => (lost ??= e)), HEARTBEAT_MS)
        : null;
      let reader: Awaited<ReturnType<typeof repo.openRecompute>>;
      try {
        reader = await repo.openRecompute(workspaceId, { asOf: now, valueRunId, runId });
      } finally {
        if (beat) clearInterval(beat);
      }
      // Page writes in flight, oldest first; each settles after its progress is reported.
      const writes: Promise<void>[] = [];
      try {
        if (lost) throw lost;
        await opts.heartbeat?.();
        let reported: Promise<void> = Promise.resolve();
        let next: Promise<CustomerState[]> | null = reader.page(null, PAGE);
        while (next) {
          const states: CustomerState[] = await next;
          // Read ahead while this page is classified and earlier ones written; a failure
          // surfaces when the read is awaited, never as an unhandled rejection.
          next = states.length === PAGE ? reader.page(states[states.length - 1]!.customerId, PAGE) : null;
          next?.catch(() => {});
          if (!states.length) break;
          const { profiles, changes } = evaluate(workspaceId, runId, states, config, today, now);
          if (writes.length >= WRITERS) await writes.shift();
          done += states.length;
          const progress = { phase: 'classifying', done, total: Math.max(total, done) };
          const written = deps.tx(async () => {
            await repo.upsertProfiles(profiles);
            await repo.changeStages(workspaceId, today, changes);
          });
          // Pages commit in any order; progress is reported in page order.
          const report: Promise<void> = Promise.all([reported, written]).then(async () => {
            opts.onProgress?.(progress);
            await repo.updateRun(workspaceId, runId, { progress });
            await opts.heartbeat?.();
          });
          report.catch(() => {});
          reported = report;
          writes.push(report);
        }
        await Promise.all(writes);
      } finally {
        // A failed page leaves no write running behind the failed run.
        await Promise.allSettled(writes);
        await reader.close();
      }
      const finished = await repo.updateRun(workspaceId, runId, {
        status: 'succeeded',
        finishedAt: clock.now(),
        customers: done,
        progress: { phase: 'done', done, total: done },
      });
      deps.log?.(`relationship run ${runId}: ${done} customers`);
      return finished!;
    } catch (err) {
      await repo.updateRun(workspaceId, runId, {
        status: 'failed',
        finishedAt: clock.now(),
        error: `the run failed: ${err instanceof Error ? err.message : String(err)}`,
      });
      throw err;
    }
  }

  /** Reclassifies one customer now (after a survey answer, or at their first policy check). */
  async function reclassifyOne(workspaceId: string, customerId: string): Promise<void> {
    const ws = await workspace(workspaceId);
    const config = await classifierConfig(workspaceId);
    const now = clock.now();
    const states = await repo.customerStates(workspaceId, {
      asOf: now,
      afterId: null,
      limit: 1,
      customerId,
      valueRunId: await deps.value.currentRunId(workspaceId),
    });
    const last = await repo.latestRuns(workspaceId, 1);
    const runId = last[0]?.id ?? '00000000-0000-0000-0000-000000000000';
    const { profiles, changes } = evaluate(
      workspaceId,
      runId,
      states,
      config,
      dayInZone(now, ws.timeZone),
      now,
    );
    await deps.tx(async () => {
      await repo.upsertProfiles(profiles);
      await repo.changeStages(workspaceId, dayInZone(now, ws.timeZone), changes);
    });
  }

  /**
   * Stores a survey answer as the customer's next version, audited, with `alongside` in the
   * same transaction (a link marked answered), and reclassifies the customer.
   */
  async function storeSurvey(
    actor: Actor,
    customerId: string,
    body: z.output<typeof SurveyAnswer>,
    alongside?: (row: SurveyResponseRow) => Promise<void>,
  ): Promise<SurveyResponseRow> {
    const row = await deps.tx(async () => {
      const created = await repo.insertSurveyResponse({
        workspaceId: actor.workspaceId,
        id: newId(),
        customerId,
        sentence: body.sentence,
        brq: body.brq,
        anxiety: body.attachment.anxiety ?? null,
        avoidance: body.attachment.avoidance ?? null,
        source: body.source,
        answeredAt: clock.now(),
        recordedBy: actorRef(actor),
      });
      await alongside?.(created);
      await deps.audit.record(actor, {
        action: 'relationship.survey',
        entityType: 'customer',
        entityId: customerId,
        after: { version: created.version, sentence: created.sentence, source: created.source },
      });
      return created;
    });
    await reclassifyOne(actor.workspaceId, customerId);
    return row;
  }

  /**
   * The link a token names, if its secret matches and it has not expired, with the actor the
   * customer's answer is recorded by. Any mismatch is the same "not valid", so a guessed token
   * learns nothing.
   */
  async function openSurveyLink(token: string): Promise<{ link: SurveyLinkRow; actor: Actor }> {
    const parsed = parseToken(SURVEY_TOKEN_PREFIX, token);
    const link = parsed && (await repo.findSurveyLink(parsed.workspaceId, parsed.id));
    if (!parsed || !link || !secretMatches(parsed.secret, link.secretHash)) {
      throw new AppError('SURVEY_LINK_NOT_FOUND', {});
    }
    if (link.expiresAt.getTime() <= clock.now().getTime()) {
      throw new AppError('SURVEY_LINK_EXPIRED', { expiresAt: link.expiresAt.toISOString() });
    }
    const actor = systemActor(link.workspaceId, 'customer (survey link)');
    // A customer deleted (or merged away) since has no survey to answer.
    await deps.customers.assertExists(actor, link.customerId).catch(() => {
      throw new AppError('SURVEY_LINK_NOT_FOUND', {});
    });
    return { link, actor };
  }

  async function publicSurveyOf(link: SurveyLinkRow, actor: Actor): Promise<PublicSurvey> {
    const [ws, customer, answer] = await Promise.all([
      workspace(link.workspaceId),
      deps.customers.get(actor, link.customerId),
      link.responseId ? repo.findSurveyResponse(link.workspaceId, link.responseId) : undefined,
    ]);
    // In an order of the link's own, so no sentence is first for everyone.
    const rank = (type: string) => createHash('sha256').update(link.id).update(type).digest('hex');
    return {
      business: ws.name,
      givenName: customer.givenName,
      sentences: [...RELATIONSHIP_TYPES]
        .sort((a, b) => (rank(a) < rank(b) ? -1 : 1))
        .map((type) => ({ type, text: SURVEY_SENTENCES[type] })),
      facets: BRQ_FACETS.map((facet) => ({ facet, statement: BRQ_STATEMENTS[facet] })),
      attachment: (['anxiety', 'avoidance'] as const).map((key) => ({
        key,
        statement: ATTACHMENT_STATEMENTS[key],
      })),
      expiresAt: link.expiresAt,
      answer: answer
        ? {
            sentence: answer.sentence,
            brq: answer.brq,
            attachment: {
              ...(answer.anxiety === null ? {} : { anxiety: answer.anxiety }),
              ...(answer.avoidance === null ? {} : { avoidance: answer.avoidance }),
            },
            answeredAt: answer.answeredAt,
          }
        : null,
    };
  }

  async function newRun(actor: Actor, id = newId()): Promise<RelationshipRunRow> {
    return repo.insertRun({
      workspaceId: actor.workspaceId,
      id,
      status: 'queued',
      requestedBy: actorRef(actor),
      requestedAt: clock.now(),
    });
  }

  /**
   * What the policy check decides on for one customer, as of `at` (the frequency rule counts
   * the 30 days before it): the type in force, its rules, and the facts.
   */
  async function factsFor(actor: Actor, customerId: string, at: Date) {
    const now = clock.now();
    const since = new Date(at.getTime() - CONTACT_WINDOW_MS);
    // The workspace's saved rules come with the facts: one statement for the check, not two.
    let facts = await repo.checkFacts(actor.workspaceId, customerId, now, since, RULES_KEY);
    if (!facts) throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId });
    if (!facts.inferredType && !facts.overrideType) {
      // Not yet in any run (a customer created today): classify them now, once.
      await reclassifyOne(actor.workspaceId, customerId);
      facts = (await repo.checkFacts(actor.workspaceId, customerId, now, since, RULES_KEY))!;
    }
    const type = facts.overrideType ?? facts.inferredType ?? 'casual_friends';
    // As `rulesBook(…).rules[type]` reads them.
    const rules = savedRules(facts.savedRules, type) ?? DEFAULT_RULES[type];
    const policyFacts: PolicyFacts = {
      type,
      rules,
      stage: facts.stage,
      openComplaints: facts.openComplaints,
      marketingConsent: facts.marketingConsent,
      prefersHumanService: facts.prefersHuman,
      recentContacts: facts.recentContacts,
    };
    return policyFacts;
  }

  function decisionRow(
    actor: Actor,
    result: PolicyCheckResult,
    input: { action: PlannedAction; source: string; contact: boolean },
  ): PolicyDecisionRow {
    return {
      workspaceId: actor.workspaceId,
      id: result.id,
      customerId: result.customerId,
      source: input.source,
      action: input.action,
      verdict: result.verdict,
      reasons: result.reasons,
      reasonCodes: result.reasons.map((r) => r.code),
      relationshipType: result.relationshipType,
      contact: input.contact && result.verdict !== 'block',
      decidedBy: actorRef(actor),
      decidedAt: result.decidedAt,
    };
  }

  /** The policy check with the facts loaded; `log` false for previews that must not count. */
  async function decide(
    actor: Actor,
    input: { customerId: string; action: PlannedAction; source: string; contact: boolean },
    log: boolean,
  ): Promise<PolicyCheckResult> {
    const now = clock.now();
    const facts = await factsFor(actor, input.customerId, input.action.at ? new Date(input.action.at) : now);
    const result: PolicyCheckResult = {
      id: newId(),
      customerId: input.customerId,
      relationshipType: facts.type,
      stage: facts.stage,
      decidedAt: now,
      ...checkPolicy(facts, input.action, now),
    };
    if (log) await repo.insertDecisions([decisionRow(actor, result, input)]);
    return result;
  }

  /** Up to three next actions for a customer, each passing the policy check (not logged). */
  async function nextActions(actor: Actor, customerId: string): Promise<NextAction[]> {
    const now = clock.now();
    const facts = await repo.policyFacts(
      actor.workspaceId,
      customerId,
      now,
      new Date(now.getTime() - CONTACT_WINDOW_MS),
    );
    if (!facts) throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId });
    const type = facts.overrideType ?? facts.inferredType;
    if (!type) return [];
    const rules = (await rulesBook(actor.workspaceId)).rules[type];
    const orientation =
      facts.orientationScore === null
        ? TYPE_ORIENTATION[type]
        : facts.orientationScore >= 0
          ? 'communal'
          : 'exchange';
    const out: NextAction[] = [];
    for (const c of nextActionCandidates({
      type,
      orientation,
      stage: facts.stage,
      rules,
      openComplaints: facts.openComplaints,
      unansweredSuggestions: facts.unansweredSuggestions,
      highValue: facts.highValue,
      daysSinceFeedback: facts.daysSinceFeedback,
    })) {
      const action = PlannedAction.parse(c.action);
      const policy = checkPolicy(
        {
          type,
          rules,
          stage: facts.stage,
          openComplaints: facts.openComplaints,
          marketingConsent: facts.marketingConsent,
          prefersHumanService: facts.prefersHuman,
          recentContacts: facts.recentContacts,
        },
        action,
        now,
      );
      if (policy.verdict === 'block') continue;
      out.push({ key: c.key, title: c.title, why: c.why, action, policy });
      if (out.length === 3) break;
    }
    return out;
  }

  return {
    RULES_KEY,

    /**
     * The policy check every outgoing path calls: campaigns, briefings, case replies, the API.
     * Logs the decision (a dry run too), so "violations prevented" can be reported.
     */
    async check(actor: Actor, input: PolicyCheckRequest): Promise<PolicyCheckResult> {
      requirePermission(actor, P.checkPolicy);
      const req = PolicyCheckRequest.parse(input);
      return decide(actor, req, true);
    },

    /**
     * The policy check for many planned actions at once, for a path that acts on many customers
     * (a day's briefing): each customer's facts are read once, for the first action's time.
     * Decisions are logged under an id made from the source, the caller's `key`, the type and
     * the verdict, so asking again about the same action with the same outcome (the briefing
     * read again) logs nothing new. Customers that do
     * not exist (any more) are left out of the answer.
     */
    async checkBatch(
      actor: Actor,
      input: {
        source: PolicySource;
        items: readonly {
          customerId: string;
          actions: readonly { key: string; action: PlannedAction }[];
        }[];
      },
    ): Promise<Map<string, CustomerGuidance>> {
      requirePermission(actor, P.checkPolicy);
      const out = new Map<string, CustomerGuidance>();
      const rows: PolicyDecisionRow[] = [];
      const now = clock.now();
      const one = async (item: (typeof input.items)[number]) => {
        const actions = item.actions.map((a) => ({ key: a.key, action: PlannedAction.parse(a.action) }));
        const first = actions[0]?.action.at;
        let facts: PolicyFacts;
        try {
          facts = await factsFor(actor, item.customerId, first ? new Date(first) : now);
        } catch (err) {
          if (err instanceof AppError && err.code === 'CUSTOMER_NOT_FOUND') return;
          throw err;
        }
        const decisions = new Map<string, PolicyCheckResult>();
        for (const { key, action } of actions) {
          const decision = checkPolicy(facts, action, now);
          const result: PolicyCheckResult = {
            // A new outcome (the type overridden, a complaint opened) is logged anew.
            id: stableId(actor.workspaceId, input.source, key, facts.type, decision.verdict),
            customerId: item.customerId,
            relationshipType: facts.type,
            stage: facts.stage,
            decidedAt: now,
            ...decision,
          };
          decisions.set(key, result);
          rows.push(decisionRow(actor, result, { action, source: input.source, contact: false }));
        }
        out.set(item.customerId, {
          type: facts.type,
          stage: facts.stage,
          tone: facts.rules.tone,
          guidance: facts.rules.guidance,
          decisions,
        });
      };
      for (let i = 0; i < input.items.length; i += BATCH_READS) {
        await Promise.all(input.items.slice(i, i + BATCH_READS).map(one));
      }
      await repo.insertDecisions(rows);
      return out;
    },

    /**
     * The type in force (the override, else the inferred one) and the value tier the latest
     * recompute saw, for paths that treat customers by them (SLA policies); nulls before any
     * run. Reads no more than the profile and the override.
     */
    async typeAndTier(
      actor: Actor,
      customerId: string,
    ): Promise<{ type: RelationshipType | null; valueTier: ValueTier | null }> {
      requirePermission(actor, P.read);
      const [profile, override] = await Promise.all([
        repo.findProfile(actor.workspaceId, customerId),
        repo.findOverride(actor.workspaceId, customerId),
      ]);
      return { type: override?.type ?? profile?.type ?? null, valueTier: profile?.valueTier ?? null };
    },

    /** {@link typeAndTier} for many customers at once (the SLA sweep); those with neither are left out. */
    async typesAndTiers(actor: Actor, customerIds: readonly string[]) {
      requirePermission(actor, P.read);
      return repo.typesAndTiers(actor.workspaceId, customerIds);
    },

    nextActions: async (actor: Actor, customerId: string) => {
      requirePermission(actor, P.read);
      return nextActions(actor, customerId);
    },

    async panel(actor: Actor, customerId: string): Promise<RelationshipPanel> {
      requirePermission(actor, P.read);
      await deps.customers.assertExists(actor, customerId);
      const w = actor.workspaceId;
      const [profile, override, episodes, survey, letGo, decisions, book] = await Promise.all([
        repo.findProfile(w, customerId),
        repo.findOverride(w, customerId),
        repo.episodes(w, customerId),
        repo.surveyResponses(w, customerId),
        repo.letGoHistory(w, customerId),
        repo.customerDecisions(w, customerId, 20),
        rulesBook(w),
      ]);
      const type = override?.type ?? profile?.type ?? null;
      const open = episodes.at(-1);
      return {
        profile: profile
          ? {
              type: type!,
              inferredType: profile.type,
              runnerUp: profile.runnerUp,
              confidence: profile.confidence,
              orientation: profile.orientationScore >= 0 ? 'communal' : 'exchange',
              orientationScore: profile.orientationScore,
              strength: profile.strength,
              signals: profile.signals,
              fromSurvey: profile.fromSurvey === 1,
              configVersion: profile.configVersion,
              computedAt: profile.computedAt,
              pAlive: profile.pAlive,
              clvMinor: profile.clvMinor,
            }
          : null,
        override: override
          ? { type: override.type, reason: override.reason, setBy: override.setBy, setAt: override.setAt }
          : null,
        stage: {
          current: open && open.endedOn === null ? open.stage : null,
          since: open && open.endedOn === null ? open.startedOn : null,
          episodes: episodes.map((e) => ({ stage: e.stage, from: e.startedOn, to: e.endedOn })),
          churns: churnCount(episodes.map((e) => ({ stage: e.stage, from: e.startedOn, to: e.endedOn }))),
        },
        survey: survey.map(toSurvey),
        rules: type ? book.rules[type] : null,
        nextActions: type ? await nextActions(actor, customerId) : [],
        letGo: letGo.map(
          (l): LetGoDecision => ({
            id: l.id,
            decision: l.decision,
            reason: l.reason,
            snapshot: l.snapshot,
            decidedBy: l.decidedBy,
            decidedAt: l.decidedAt,
          }),
        ),
        decisions: decisions.map((d) => ({
          id: d.id,
          source: d.source,
          verdict: d.verdict,
          action: d.action,
          reasons: d.reasons,
          decidedAt: d.decidedAt,
        })),
      };
    },

    /** "This customer is a …": kept across recomputes until removed; audited. */
    async setOverride(
      actor: Actor,
      customerId: string,
      input: OverrideInput,
    ): Promise<RelationshipPanel['override']> {
      requirePermission(actor, P.override);
      const body = OverrideInput.parse(input);
      await deps.customers.assertExists(actor, customerId);
      return deps.tx(async () => {
        const before = await repo.findOverride(actor.workspaceId, customerId);
        const row = {
          workspaceId: actor.workspaceId,
          customerId,
          type: body.type,
          reason: body.reason,
          setBy: actorRef(actor),
          setAt: clock.now(),
        };
        await repo.putOverride(row);
        await deps.audit.record(actor, {
          action: 'relationship.override',
          entityType: 'customer',
          entityId: customerId,
          before: before ? { type: before.type, reason: before.reason } : null,
          after: { type: body.type, reason: body.reason },
        });
        return { type: row.type, reason: row.reason, setBy: row.setBy, setAt: row.setAt };
      });
    },

    async clearOverride(actor: Actor, customerId: string): Promise<void> {
      requirePermission(actor, P.override);
      await deps.customers.assertExists(actor, customerId);
      await deps.tx(async () => {
        const before = await repo.findOverride(actor.workspaceId, customerId);
        if (!before) return;
        await repo.deleteOverride(actor.workspaceId, customerId);
        await deps.audit.record(actor, {
          action: 'relationship.override_removed',
          entityType: 'customer',
          entityId: customerId,
          before: { type: before.type, reason: before.reason },
          after: null,
        });
      });
    },

    /** Records a survey answer as the customer's next version and reclassifies them at once. */
    async recordSurvey(actor: Actor, customerId: string, input: SurveyAnswer): Promise<SurveyResponse> {
      requirePermission(actor, P.recordSurvey);
      const body = SurveyAnswer.parse(input);
      await deps.customers.assertExists(actor, customerId);
      return toSurvey(await storeSurvey(actor, customerId, body));
    },

    /**
     * A link for the customer to answer the survey themselves, valid `expiresInDays`; only a
     * hash of its secret is kept, so the link is shown once. Comes with what the customer's rules
     * say about asking them for feedback by e-mail (a dry run, not logged).
     * @param origin where the app is reached, e.g. `https://crm.example.com`
     */
    async createSurveyLink(
      actor: Actor,
      customerId: string,
      input: SurveyLinkInput,
      origin: string,
    ): Promise<SurveyLink> {
      requirePermission(actor, P.recordSurvey);
      const body = SurveyLinkInput.parse(input);
      await deps.customers.assertExists(actor, customerId);
      const now = clock.now();
      const id = newId();
      const { token, secretHash } = issueToken(SURVEY_TOKEN_PREFIX, actor.workspaceId, id);
      const expiresAt = new Date(now.getTime() + body.expiresInDays * 86_400_000);
      await deps.tx(async () => {
        await repo.insertSurveyLink({
          workspaceId: actor.workspaceId,
          id,
          customerId,
          secretHash,
          expiresAt,
          createdBy: actorRef(actor),
          createdAt: now,
          responseId: null,
          answeredAt: null,
        });
        await deps.audit.record(actor, {
          action: 'relationship.survey_link',
          entityType: 'customer',
          entityId: customerId,
          after: { linkId: id, expiresAt: expiresAt.toISOString() },
        });
      });
      const { verdict, reasons } = await decide(
        actor,
        { customerId, action: SURVEY_REQUEST, source: 'preview', contact: false },
        false,
      );
      return {
        id,
        customerId,
        url: `${origin.replace(/\/+$/, '')}${SURVEY_PATH}${token}`,
        expiresAt,
        policy: { verdict, reasons },
      };
    },

    /** What the customer who opened a survey link sees (no login: the link is the key). */
    async publicSurvey(token: string): Promise<PublicSurvey> {
      const { link, actor } = await openSurveyLink(token);
      return publicSurveyOf(link, actor);
    },

    /**
     * The customer's answer through their link, recorded as a new survey version (source
     * `link`) that reclassifies them at once. The same answer sent again (a retry) records
     * nothing new; a different one before the link expires is the customer changing their mind.
     */
    async answerPublicSurvey(token: string, input: PublicSurveyAnswer): Promise<PublicSurvey> {
      const { link, actor } = await openSurveyLink(token);
      const body = SurveyAnswer.parse({ ...PublicSurveyAnswer.parse(input), source: 'link' });
      const previous = link.responseId
        ? await repo.findSurveyResponse(link.workspaceId, link.responseId)
        : undefined;
      const same =
        previous &&
        previous.sentence === body.sentence &&
        sameAnswers(previous.brq, body.brq) &&
        previous.anxiety === (body.attachment.anxiety ?? null) &&
        previous.avoidance === (body.attachment.avoidance ?? null);
      if (same) return publicSurveyOf(link, actor);
      const created = await storeSurvey(actor, link.customerId, body, (row) =>
        repo.markSurveyLinkAnswered(link.workspaceId, link.id, row.id, row.answeredAt),
      );
      return publicSurveyOf({ ...link, responseId: created.id, answeredAt: created.answeredAt }, actor);
    },

    /**
     * Lets a customer go or deprioritises them — never on value alone: the reason is required,
     * and the relationship signals and potential are stored beside the value.
     */
    async letGo(actor: Actor, customerId: string, input: LetGoInput): Promise<LetGoDecision> {
      requirePermission(actor, P.letGo);
      const body = LetGoInput.parse(input);
      await deps.customers.assertExists(actor, customerId);
      const profile = await repo.findProfile(actor.workspaceId, customerId);
      const override = await repo.findOverride(actor.workspaceId, customerId);
      const snapshot = {
        type: override?.type ?? profile?.type ?? null,
        strength: profile?.strength ?? null,
        signals: profile?.signals.map((s) => s.text) ?? [],
        stage: profile?.stage ?? null,
        pAlive: profile?.pAlive ?? null,
        clvMinor: profile?.clvMinor ?? null,
        valueTier: profile?.valueTier ?? null,
        strongRelationship: (profile?.strength ?? 0) >= STRONG_AT,
      };
      const row = {
        workspaceId: actor.workspaceId,
        id: newId(),
        customerId,
        decision: body.decision,
        reason: body.reason,
        snapshot,
        decidedBy: actorRef(actor),
        decidedAt: clock.now(),
      };
      await deps.tx(async () => {
        await repo.insertLetGo(row);
        await deps.audit.record(actor, {
          action: `relationship.${body.decision}`,
          entityType: 'customer',
          entityId: customerId,
          after: { reason: body.reason, ...snapshot },
        });
      });
      return {
        id: row.id,
        decision: row.decision,
        reason: row.reason,
        snapshot,
        decidedBy: row.decidedBy,
        decidedAt: row.decidedAt,
      };
    },

    // --- rules and the scoring model ---------------------------------------------------------

    async getRules(actor: Actor): Promise<RulesBook> {
      requirePermission(actor, P.read);
      return rulesBook(actor.workspaceId);
    },

    /** Replaces one type's rules (null resets it to the shipped default); audited. */
    async putRules(
      actor: Actor,
      type: RelationshipType,
      input: RelationshipRules | null,
    ): Promise<RulesBook> {
      requirePermission(actor, P.editRules);
      const next = input === null ? null : RelationshipRules.parse(input);
      const stored = ((await deps.workspaces.setting(actor.workspaceId, RULES_KEY)) ?? {}) as Record<
        string,
        unknown
      >;
      const before = (await rulesBook(actor.workspaceId)).rules[type];
      const { [type]: _old, ...rest } = stored;
      await deps.workspaces.putSetting(actor.workspaceId, RULES_KEY, next ? { ...rest, [type]: next } : rest);
      await deps.audit.record(actor, {
        action: next ? 'relationship_rules.update' : 'relationship_rules.reset',
        entityType: 'workspace',
        entityId: actor.workspaceId,
        before: { type, rules: before },
        after: { type, rules: next ?? DEFAULT_RULES[type] },
      });
      return rulesBook(actor.workspaceId);
    },

    async getClassifier(actor: Actor): Promise<ClassifierConfigOut> {
      requirePermission(actor, P.read);
      const c = await classifierConfig(actor.workspaceId);
      return {
        version: c.version,
        types: c.types as ClassifierConfigOut['types'],
        surveyWeight: c.surveyWeight,
        temperature: c.temperature,
        note: c.note,
        features: FEATURE_KEYS.map((key) => ({ key, label: FEATURE_LABELS[key] })),
      };
    },

    /** How many customers an edited model would move, from the stored features; nothing is saved. */
    async previewClassifier(actor: Actor, input: ClassifierConfigInput): Promise<ClassifierPreview> {
      requirePermission(actor, P.editClassifier);
      const body = ClassifierConfigInput.parse(input);
      const config = toConfig(body, -1, await classifierConfig(actor.workspaceId));
      const transitions = new Map<string, number>();
      const after = new Map<RelationshipType, number>();
      let customers = 0;
      let moved = 0;
      let cursor: string | null = null;
      for (;;) {
        const page = await repo.featurePage(actor.workspaceId, cursor, PAGE);
        if (!page.length) break;
        for (const r of page) {
          customers++;
          const from = r.type as RelationshipType;
          const to = classify(
            r.features as Features,
            (r.sentence as RelationshipType | null) ?? null,
            config,
          ).type;
          after.set(to, (after.get(to) ?? 0) + 1);
          if (to !== from) {
            moved++;
            transitions.set(`${from}>${to}`, (transitions.get(`${from}>${to}`) ?? 0) + 1);
          }
        }
        cursor = String(page[page.length - 1]!.customer_id);
        if (page.length < PAGE) break;
      }
      return {
        customers,
        moved,
        transitions: [...transitions.entries()]
          .map(([k, n]) => {
            const [from, to] = k.split('>') as [RelationshipType, RelationshipType];
            return { from, to, customers: n };
          })
          .sort((a, b) => b.customers - a.customers),
        after: RELATIONSHIP_TYPES.map((type) => ({ type, customers: after.get(type) ?? 0 })),
      };
    },

    /** Saves the edited model as the next version (audited); the next recompute uses it. */
    async saveClassifier(actor: Actor, input: ClassifierConfigInput): Promise<ClassifierConfigOut> {
      requirePermission(actor, P.editClassifier);
      const body = ClassifierConfigInput.parse(input);
      const current = await classifierConfig(actor.workspaceId);
      const version = current.version + 1;
      const { version: _v, ...config } = toConfig(body, version, current);
      await deps.tx(async () => {
        await repo.insertConfig({
          workspaceId: actor.workspaceId,
          version,
          config,
          note: body.note ?? '',
          createdBy: actorRef(actor),
          createdAt: clock.now(),
        });
        await deps.audit.record(actor, {
          action: 'relationship_classifier.update',
          entityType: 'workspace',
          entityId: actor.workspaceId,
          before: { version: current.version },
          after: { version, note: body.note ?? '' },
        });
      });
      return this.getClassifier(actor);
    },

    // --- runs --------------------------------------------------------------------------------

    async requestRecompute(actor: Actor): Promise<RelationshipRun> {
      requirePermission(actor, P.recompute);
      const active = await repo.activeRun(actor.workspaceId);
      if (active) return toRun(active);
      const row = await deps.tx(async () => {
        const r = await newRun(actor);
        await deps.jobs.enqueue(actor.workspaceId, RELATIONSHIPS_RECOMPUTE_JOB, { runId: r.id });
        await deps.audit.record(actor, {
          action: 'relationships.recompute',
          entityType: 'relationship_run',
          entityId: r.id,
        });
        return r;
      });
      return toRun(row);
    },

    /** The CLI's and the demo's recompute: computed in this process, start to end. */
    async recomputeNow(
      actor: Actor,
      onProgress?: (p: RelationshipRun['progress']) => void,
    ): Promise<RelationshipRun> {
      requirePermission(actor, P.recompute);
      const row = await newRun(actor);
      await deps.audit.record(actor, {
        action: 'relationships.recompute',
        entityType: 'relationship_run',
        entityId: row.id,
      });
      return toRun(await execute(actor.workspaceId, row.id, { onProgress }));
    },

    async handleJob(ctx: JobContext): Promise<void> {
      await execute(ctx.job.workspaceId, String(ctx.job.payload.runId ?? ''), { heartbeat: ctx.heartbeat });
    },

    /**
     * One run a local day per workspace, on the value runs' schedule (off when they are off),
     * {@link NIGHTLY_LAG_HOURS} hours after them so stages read the fresh P(alive).
     */
    async nightlyTick(now: Date): Promise<void> {
      for (const ws of await deps.workspaces.listAll()) {
        const schedule = await deps.value.settings(ws.id);
        if (!schedule.nightly) continue;
        const hour = hourInZone(now, ws.timeZone);
        if (hour < Math.min(23, schedule.nightlyHour + NIGHTLY_LAG_HOURS)) continue;
        const day = dayInZone(now, ws.timeZone);
        await deps.tx(async () => {
          const runId = newId();
          const { created } = await deps.jobs.enqueue(
            ws.id,
            RELATIONSHIPS_RECOMPUTE_JOB,
            { runId },
            { dedupeKey: `nightly:${day}` },
          );
          if (created) await newRun(systemActor(ws.id, 'nightly'), runId);
        });
      }
    },

    async listRuns(actor: Actor): Promise<RelationshipRun[]> {
      requirePermission(actor, P.read);
      return (await repo.latestRuns(actor.workspaceId, 20)).map(toRun);
    },

    async getRun(actor: Actor, id: string): Promise<RelationshipRun> {
      requirePermission(actor, P.read);
      const row = await repo.findRun(actor.workspaceId, id);
      if (!row) throw new AppError('RELATIONSHIP_RUN_NOT_FOUND', { id });
      return toRun(row);
    },

    /** Every classified customer's inferred type (overrides aside), for evaluating the model. */
    async inferredTypes(actor: Actor): Promise<Map<string, RelationshipType>> {
      requirePermission(actor, P.read);
      const out = new Map<string, RelationshipType>();
      let cursor: string | null = null;
      for (;;) {
        const page = await repo.featurePage(actor.workspaceId, cursor, PAGE);
        for (const r of page) out.set(String(r.customer_id), r.type as RelationshipType);
        if (page.length < PAGE) break;
        cursor = String(page[page.length - 1]!.customer_id);
      }
      return out;
    },

    // --- portfolio and work list -------------------------------------------------------------

    async portfolio(
      actor: Actor,
      range: { from?: string; to?: string } = {},
    ): Promise<RelationshipPortfolio> {
      requirePermission(actor, P.read);
      const w = actor.workspaceId;
      const ws = await workspace(w);
      const now = clock.now();
      const to = range.to ?? dayInZone(now, ws.timeZone);
      const from = range.from ?? addDays(to, -90);
      if (from > to) throw invalidField('query.from', 'must be on or before `to`');
      const since = new Date(now.getTime() - 30 * DAY_MS);
      const [p, points, flows, churn, stats, counts, runs] = await Promise.all([
        repo.portfolio(w, STRONG_AT),
        repo.quadrantSample(w, 1_000),
        repo.stageFlows(w, from, to),
        repo.churnCounts(w),
        repo.decisionStats(w, since),
        repo.decisionCounts(w, since),
        repo.latestRuns(w, 1),
      ]);
      const byVerdict = new Map(counts.map((c) => [String(c.verdict), Number(c.n)]));
      const cells = p.quadrant.map((q) => ({
        strong: q.strong === true,
        valuable: q.valuable === true,
        customers: Number(q.n),
      }));
      return {
        run: runs[0] ? toRun(runs[0]) : null,
        customers: p.types.reduce((sum, t) => sum + Number(t.n), 0),
        typeMix: p.types.map((t) => ({
          type: t.type as RelationshipType,
          orientation: TYPE_ORIENTATION[t.type as RelationshipType],
          customers: Number(t.n),
          strength: Number(t.strength),
        })),
        stages: p.stages.map((s) => ({
          stage: s.stage as RelationshipProfileRow['stage'],
          customers: Number(s.n),
        })),
        flows: { from, to, links: flows },
        churn: { everLapsed: churn.ever, repeatLapsed: churn.repeat },
        quadrant: { strongAt: STRONG_AT, medianClvMinor: p.medianClv, cells, points },
        lowValueStrong: cells.filter((c) => c.strong && !c.valuable).reduce((s, c) => s + c.customers, 0),
        violationsPrevented: {
          since,
          checks: [...byVerdict.values()].reduce((a, b) => a + b, 0),
          blocked: byVerdict.get('block') ?? 0,
          warned: byVerdict.get('warn') ?? 0,
          byReason: stats
            .filter((s) => s.code !== null && s.verdict !== 'allow')
            .map((s) => ({
              code: s.code as RelationshipPortfolio['violationsPrevented']['byReason'][number]['code'],
              verdict: s.verdict as 'warn' | 'block',
              decisions: Number(s.n),
            })),
        },
      };
    },

    /** Agents' work list: customers whose state calls for action, most valuable first, with their next actions. */
    async workList(
      actor: Actor,
      q: {
        limit: number;
        cursor?: string;
        stage?: RelationshipProfileRow['stage'];
        openComplaints?: 'true' | 'false';
      },
    ): Promise<WorkList> {
      requirePermission(actor, P.read);
      const offset = q.cursor ? Number(q.cursor) : 0;
      const rows = await repo.workList(actor.workspaceId, {
        stages: q.stage
          ? [q.stage]
          : q.openComplaints === 'true'
            ? null
            : ['courtship', 'decline', 'lapsed', 'won_back'],
        openComplaints: q.openComplaints === 'true',
        limit: q.limit + 1,
        after: offset,
      });
      const page = rows.slice(0, q.limit);
      const items = [];
      for (const r of page) {
        items.push({
          customerId: String(r.customer_id),
          name: String(r.full_name ?? ''),
          type: r.type as RelationshipType,
          stage: r.stage as RelationshipProfileRow['stage'],
          strength: Number(r.strength),
          clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
          nextActions: await nextActions(actor, String(r.customer_id)),
        });
      }
      return { items, nextCursor: rows.length > q.limit ? String(offset + q.limit) : null };
    },
  };
}
export type RelationshipsService = ReturnType<typeof createRelationshipsService>;

function toConfig(
  body: ReturnType<typeof ClassifierConfigInput.parse>,
  version: number,
  base: ClassifierConfig,
): ClassifierConfig {
  const types = { ...base.types } as Record<RelationshipType, ClassifierConfig['types'][RelationshipType]>;
  for (const type of RELATIONSHIP_TYPES) {
    const t = body.types[type];
    if (!t) continue;
    const weights: Record<string, number> = {};
    for (const [k, v] of Object.entries(t.weights)) {
      if (!(FEATURE_KEYS as readonly string[]).includes(k)) {
        throw invalidField(
          `body.types.${type}.weights.${k}`,
          `is not a feature (features: ${FEATURE_KEYS.join(', ')})`,
        );
      }
      weights[k] = v;
    }
    types[type] = { bias: t.bias, weights };
  }
  return { version, types, surveyWeight: body.surveyWeight, temperature: body.temperature };
}
