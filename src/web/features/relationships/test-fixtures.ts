import {
  ATTACHMENT_STATEMENTS,
  BRQ_FACETS,
  BRQ_STATEMENTS,
  type ClassifierConfigOut,
  type PublicSurvey,
  RELATIONSHIP_TYPES,
  type RelationshipPanel,
  type RelationshipPortfolio,
  type RelationshipRules,
  type RelationshipRun,
  type RelationshipType,
  type RulesBook,
  SURVEY_SENTENCES,
  type SurveyLink,
  type WorkList,
} from '../../../shared/contracts/relationships.js';
import { TEST_CUSTOMER_ID } from '../../test-utils.js';

/*
 * Relationship data shaped like the server's answers, for this feature's component tests only.
 * Builders return the typed value; `wire` (from the value fixtures) turns it into JSON.
 */

export { wire } from '../value/test-fixtures.js';

export const REL_RUN_ID = '01938e77-0000-7000-8000-0000000e0001';
export const NEW_REL_RUN_ID = '01938e77-0000-7000-8000-0000000e0002';
export const OTHER_CUSTOMER_ID = '01938e77-0000-7000-8000-0000000000c2';

export function rules(over: Partial<RelationshipRules> = {}): RelationshipRules {
  return {
    allowedPurposes: ['cross_sell', 'loyalty', 'service', 'transactional'],
    tone: 'efficient_transactional',
    maxContactsPer30Days: 3,
    preferredChannel: 'email',
    service: 'automated',
    avoid: ['friendship_talk'],
    guidance:
      'Here because we are convenient: be fast and frictionless; practical offers, no relationship talk.',
    ...over,
  };
}

type Profile = NonNullable<RelationshipPanel['profile']>;

export function profile(over: Partial<Profile> = {}): Profile {
  return {
    type: 'marriage_of_convenience',
    inferredType: 'marriage_of_convenience',
    runnerUp: 'casual_friends',
    confidence: 0.82,
    orientation: 'exchange',
    orientationScore: -0.6,
    strength: 0.35,
    signals: [
      { feature: 'price_sensitivity', contribution: 1.2, text: 'chooses on price' },
      { feature: 'promotion_share', contribution: 2.1, text: 'mostly buys on promotion' },
    ],
    fromSurvey: false,
    configVersion: 3,
    computedAt: new Date('2026-04-01T02:00:00Z'),
    pAlive: 0.7,
    clvMinor: 48_230,
    ...over,
  };
}

export function panel(over: Partial<RelationshipPanel> = {}): RelationshipPanel {
  return {
    profile: profile(),
    override: null,
    stage: {
      current: 'maturity',
      since: '2026-01-10',
      episodes: [
        { stage: 'courtship', from: '2025-02-01', to: '2025-05-01' },
        { stage: 'lapsed', from: '2025-05-01', to: '2025-09-01' },
        { stage: 'won_back', from: '2025-09-01', to: '2026-01-10' },
        { stage: 'maturity', from: '2026-01-10', to: null },
      ],
      churns: 1,
    },
    survey: [],
    rules: rules(),
    nextActions: [
      {
        key: 'loyalty_touch',
        title: 'Send the loyalty offer',
        why: 'A practical offer suits a customer who comes for the deal.',
        action: { channel: 'email', purpose: 'loyalty', contentTags: [], automated: true },
        policy: {
          verdict: 'warn',
          reasons: [
            {
              code: 'frequency_exceeded',
              verdict: 'warn',
              message: 'This would be the 3rd contact in 30 days, the most this type allows.',
            },
          ],
        },
      },
    ],
    letGo: [],
    decisions: [],
    ...over,
  };
}

export function relRun(over: Partial<RelationshipRun> = {}): RelationshipRun {
  return {
    id: REL_RUN_ID,
    status: 'succeeded',
    requestedBy: { type: 'system', id: null, name: 'nightly' },
    requestedAt: new Date('2026-04-01T01:00:00Z'),
    startedAt: new Date('2026-04-01T01:00:05Z'),
    finishedAt: new Date('2026-04-01T01:02:00Z'),
    progress: { phase: 'done', done: 300, total: 300 },
    configVersion: 3,
    customers: 300,
    error: null,
    ...over,
  };
}

export function portfolio(over: Partial<RelationshipPortfolio> = {}): RelationshipPortfolio {
  return {
    run: relRun(),
    customers: 300,
    typeMix: [
      { type: 'casual_friends', orientation: 'communal', customers: 120, strength: 0.4 },
      { type: 'marriage_of_convenience', orientation: 'exchange', customers: 90, strength: 0.3 },
      { type: 'committed_partnership', orientation: 'communal', customers: 60, strength: 0.8 },
      { type: 'enmity', orientation: 'exchange', customers: 30, strength: 0.1 },
    ],
    stages: [
      { stage: 'maturity', customers: 150 },
      { stage: 'decline', customers: 60 },
      { stage: 'lapsed', customers: 50 },
      { stage: 'courtship', customers: 40 },
    ],
    flows: {
      from: '2026-01-01',
      to: '2026-03-31',
      links: [
        { from: 'maturity', to: 'maturity', customers: 120 },
        { from: 'maturity', to: 'decline', customers: 30 },
        { from: 'decline', to: 'lapsed', customers: 20 },
        { from: 'courtship', to: 'growth', customers: 0 },
      ],
    },
    churn: { everLapsed: 80, repeatLapsed: 12 },
    quadrant: {
      strongAt: 0.5,
      medianClvMinor: 25_000,
      cells: [
        { strong: true, valuable: true, customers: 70 },
        { strong: true, valuable: false, customers: 44 },
        { strong: false, valuable: true, customers: 80 },
        { strong: false, valuable: false, customers: 106 },
      ],
      points: [
        { customerId: TEST_CUSTOMER_ID, strength: 0.8, clvMinor: 90_000, type: 'committed_partnership' },
        { customerId: OTHER_CUSTOMER_ID, strength: 0.2, clvMinor: 10_000, type: 'marriage_of_convenience' },
      ],
    },
    lowValueStrong: 44,
    violationsPrevented: {
      since: new Date('2026-03-02T00:00:00Z'),
      checks: 410,
      blocked: 25,
      warned: 17,
      byReason: [
        { code: 'frequency_exceeded', verdict: 'warn', decisions: 17 },
        { code: 'open_complaint', verdict: 'block', decisions: 15 },
        { code: 'no_consent', verdict: 'block', decisions: 10 },
      ],
    },
    ...over,
  };
}

/** The portfolio of a workspace without any run yet, as the server answers it. */
export const EMPTY_PORTFOLIO: RelationshipPortfolio = {
  run: null,
  customers: 0,
  typeMix: [],
  stages: [],
  flows: { from: '2026-01-01', to: '2026-03-31', links: [] },
  churn: { everLapsed: 0, repeatLapsed: 0 },
  quadrant: { strongAt: 0.5, medianClvMinor: null, cells: [], points: [] },
  lowValueStrong: 0,
  violationsPrevented: {
    since: new Date('2026-03-02T00:00:00Z'),
    checks: 0,
    blocked: 0,
    warned: 0,
    byReason: [],
  },
};

export function rulesBook(over: Partial<RulesBook> = {}): RulesBook {
  const all = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, rules()])) as Record<
    RelationshipType,
    RelationshipRules
  >;
  return { rules: all, defaults: all, edited: [], ...over };
}

export const FEATURES = [
  { key: 'tenure', label: 'a long history with us' },
  { key: 'newness', label: 'new to us' },
  { key: 'price_sensitivity', label: 'chooses on price' },
];

export function classifier(over: Partial<ClassifierConfigOut> = {}): ClassifierConfigOut {
  const types = Object.fromEntries(
    RELATIONSHIP_TYPES.map((t) => [t, { bias: -1, weights: {} as Record<string, number> }]),
  ) as ClassifierConfigOut['types'];
  types.courtship = { bias: -1, weights: { newness: 4 } };
  types.marriage_of_convenience = { bias: -1, weights: { price_sensitivity: 2.5 } };
  return {
    version: 2,
    types,
    surveyWeight: 4,
    temperature: 1,
    note: 'courtship leans on newness',
    features: FEATURES,
    ...over,
  };
}

export function workItem(over: Partial<WorkList['items'][number]> = {}): WorkList['items'][number] {
  return {
    customerId: TEST_CUSTOMER_ID,
    name: 'Ana Ferreira',
    type: 'enmity',
    stage: 'decline',
    strength: 0.22,
    clvMinor: 61_000,
    nextActions: [
      {
        key: 'recover_complaint',
        title: 'Call to put the complaint right',
        why: 'An open complaint: a person should call before anything else goes out.',
        action: { channel: 'phone', purpose: 'service', contentTags: [], automated: false },
        policy: { verdict: 'allow', reasons: [] },
      },
    ],
    ...over,
  };
}

/** A survey link's secret, as the URL carries it. */
export const SURVEY_TOKEN = 'rsv_Zm9yLXRlc3RzLW9ubHk';

/**
 * The survey a customer sees from their link: the sentences in a per-link order (here the
 * typology's, reversed), the six statements and the two attachment items.
 */
export function publicSurvey(over: Partial<PublicSurvey> = {}): PublicSurvey {
  return {
    business: 'Harbour & Vine Hotels',
    givenName: 'Ines',
    sentences: [...RELATIONSHIP_TYPES].reverse().map((type) => ({ type, text: SURVEY_SENTENCES[type] })),
    facets: BRQ_FACETS.map((facet) => ({ facet, statement: BRQ_STATEMENTS[facet] })),
    attachment: (['anxiety', 'avoidance'] as const).map((key) => ({
      key,
      statement: ATTACHMENT_STATEMENTS[key],
    })),
    expiresAt: new Date('2026-05-01T12:00:00Z'),
    answer: null,
    ...over,
  };
}

export function surveyLink(over: Partial<SurveyLink> = {}): SurveyLink {
  return {
    id: '01938e77-0000-7000-8000-0000000a0001',
    customerId: TEST_CUSTOMER_ID,
    url: `http://rapport.test/survey/${SURVEY_TOKEN}`,
    expiresAt: new Date('2026-05-01T12:00:00Z'),
    policy: { verdict: 'allow', reasons: [] },
    ...over,
  };
}
