import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  BrqFacet,
  LifecycleStage,
  PlannedAction,
  PolicyReason,
  PolicyVerdict,
  RelationshipType,
  SURVEY_SOURCES,
} from '../../../shared/contracts/relationships.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import { actorColumn, tstz, workspaceIdColumn } from '../../db/columns.js';
import type { ClassifierConfig, Features, Signal } from './core/classify.js';

/**
 * A customer's inferred relationship as of the latest recompute: rewritten by every run. Staff
 * overrides live in `relationship_overrides`, which recomputes never touch.
 */
export const relationshipProfiles = pgTable(
  'relationship_profiles',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id').notNull(),
    runId: uuid('run_id').notNull(),
    type: text('type').$type<RelationshipType>().notNull(),
    runnerUp: text('runner_up').$type<RelationshipType>().notNull(),
    confidence: doublePrecision('confidence').notNull(),
    /** −1 (exchange) … +1 (communal). */
    orientationScore: doublePrecision('orientation_score').notNull(),
    /** 0–1: how strong the relationship signals are, whatever the type (the quadrant's y-axis). */
    strength: doublePrecision('strength').notNull(),
    signals: jsonb('signals').$type<Signal[]>().notNull(),
    features: jsonb('features').$type<Features>().notNull(),
    fromSurvey: smallint('from_survey').notNull().default(0),
    configVersion: integer('config_version').notNull(),
    stage: text('stage').$type<LifecycleStage>().notNull(),
    stageSince: date('stage_since', { mode: 'string' }).notNull(),
    /** Current value-run P(alive) and CLV the stage and the quadrant used; null without a value run. */
    pAlive: doublePrecision('p_alive'),
    clvMinor: doublePrecision('clv_minor'),
    valueTier: text('value_tier').$type<ValueTier>(),
    computedAt: tstz('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('relationship_profiles_type_idx').on(t.workspaceId, t.type),
  ],
);

/** "This customer is a …": a person's judgement with its reason, kept across recomputes. */
export const relationshipOverrides = pgTable(
  'relationship_overrides',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id').notNull(),
    type: text('type').$type<RelationshipType>().notNull(),
    reason: text('reason').notNull(),
    setBy: actorColumn('set_by').notNull(),
    setAt: tstz('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerId] })],
);

/** Every stage a customer has been in, one row per episode; `endedOn` null for the current one. */
export const relationshipStageEpisodes = pgTable(
  'relationship_stage_episodes',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    stage: text('stage').$type<LifecycleStage>().notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.startedOn] }),
    // The Sankey reads episodes overlapping two dates across the workspace.
    index('relationship_stage_episodes_day_idx').on(t.workspaceId, t.startedOn),
  ],
);

/** Answers to the relationship survey; a new answer adds a version, old ones are kept. */
export const relationshipSurveyResponses = pgTable(
  'relationship_survey_responses',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    version: integer('version').notNull(),
    sentence: text('sentence').$type<RelationshipType>().notNull(),
    brq: jsonb('brq').$type<Partial<Record<BrqFacet, number>>>().notNull().default({}),
    anxiety: smallint('anxiety'),
    avoidance: smallint('avoidance'),
    source: text('source').$type<(typeof SURVEY_SOURCES)[number]>().notNull(),
    answeredAt: tstz('answered_at').notNull(),
    recordedBy: actorColumn('recorded_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('relationship_survey_version_key').on(t.workspaceId, t.customerId, t.version),
  ],
);

/**
 * A link that lets one customer answer the relationship survey without an account: the token
 * carries the workspace and this row's id beside a secret of which only the SHA-256 is kept.
 */
export const relationshipSurveyLinks = pgTable(
  'relationship_survey_links',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    createdBy: actorColumn('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
    /** The latest answer given through the link (the customer may change it until it expires). */
    responseId: uuid('response_id'),
    answeredAt: tstz('answered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('relationship_survey_links_customer_idx').on(t.workspaceId, t.customerId, t.createdAt.desc()),
  ],
);

/** Versions of the scoring model; the highest version is in force. */
export const relationshipClassifierConfigs = pgTable(
  'relationship_classifier_configs',
  {
    workspaceId: workspaceIdColumn(),
    version: integer('version').notNull(),
    config: jsonb('config').$type<Omit<ClassifierConfig, 'version'>>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: actorColumn('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.version] })],
);

/** One recompute of every customer's type and stage. */
export const relationshipRuns = pgTable(
  'relationship_runs',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull(),
    requestedBy: actorColumn('requested_by').notNull(),
    requestedAt: tstz('requested_at').notNull(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    progress: jsonb('progress').$type<{ phase: string; done: number; total: number }>(),
    configVersion: integer('config_version'),
    customers: integer('customers'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('relationship_runs_requested_idx').on(t.workspaceId, t.requestedAt.desc()),
  ],
);

/** Every policy check's answer, so "violations prevented" can be counted by reason and path. */
export const policyDecisions = pgTable(
  'policy_decisions',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** Which outgoing path asked: api, campaign, briefing, case_reply, csat_survey, next_best_action. */
    source: text('source').notNull(),
    action: jsonb('action').$type<PlannedAction>().notNull(),
    verdict: text('verdict').$type<PolicyVerdict>().notNull(),
    reasons: jsonb('reasons').$type<PolicyReason[]>().notNull(),
    reasonCodes: text('reason_codes').array().notNull().default(sql`'{}'::text[]`),
    relationshipType: text('relationship_type').$type<RelationshipType>(),
    /**
     * The caller went ahead with the action (it was not blocked): such non-service decisions are
     * the "recent contacts" the frequency rule counts. A dry run (preview) leaves it false.
     */
    contact: boolean('contact').notNull().default(false),
    decidedBy: actorColumn('decided_by').notNull(),
    decidedAt: tstz('decided_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('policy_decisions_day_idx').on(t.workspaceId, t.decidedAt.desc()),
    index('policy_decisions_customer_idx').on(t.workspaceId, t.customerId, t.decidedAt.desc()),
  ],
);

/**
 * A decision to let a customer go or deprioritise them: never by value alone, so the reason
 * and what the relationship looked like beside the value are kept with it.
 */
export const letGoDecisions = pgTable(
  'let_go_decisions',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    decision: text('decision').$type<'let_go' | 'deprioritise' | 'reinstate'>().notNull(),
    reason: text('reason').notNull(),
    /** Type, strength, signals, stage, P(alive), CLV and potential at the time of the decision. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    decidedBy: actorColumn('decided_by').notNull(),
    decidedAt: tstz('decided_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('let_go_decisions_customer_idx').on(t.workspaceId, t.customerId, t.decidedAt.desc()),
  ],
);
