import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  ClassifierConfigOut,
  type LifecycleStage,
  PublicSurvey,
  type PublicSurveyAnswer,
  RelationshipPanel,
  RelationshipPortfolio,
  RelationshipRun,
  RulesBook,
  SurveyLink,
  type SurveyLinkInput,
  WorkList,
} from '../../../shared/contracts/relationships.js';
import { api } from '../../lib/api.js';
import { customerKey } from '../customers/360/queries.js';
import { CUSTOMERS_KEY } from '../customers/list/queries.js';
import type { RecomputeSpec } from '../value/use-recompute.js';
import { isActive } from '../value/value.labels.js';

/*
 * Everything cached about relationships across customers lives under ['relationships']
 * (portfolio, work list, rules, scoring model, runs); a customer's panel lives with the customer
 * (['customers', 'detail', id, 'relationship']). A finished run changes both, so it invalidates
 * ['relationships'] and ['customers'].
 */
export const RELATIONSHIPS_KEY = ['relationships'] as const;

/** How often a queued or running run is asked for its progress, in milliseconds. */
export const RUN_POLL_MS = 2000;

/** Customers per page of the work list. */
export const WORK_LIST_PAGE_SIZE = 25;

export const RunList = z.object({ items: z.array(RelationshipRun) });

/** The 360's relationship panel of one customer. */
export function relationshipPanelQuery(customerId: string) {
  return queryOptions({
    queryKey: [...customerKey(customerId), 'relationship'],
    queryFn: ({ signal }) =>
      api.get(`/customers/${encodeURIComponent(customerId)}/relationship`, RelationshipPanel, { signal }),
  });
}

/** The portfolio, with the stage flows between `from` and `to` (the server's last 90 days without them). */
export function portfolioQuery(range: { from?: string; to?: string }) {
  return queryOptions({
    queryKey: [...RELATIONSHIPS_KEY, 'portfolio', range],
    queryFn: ({ signal }) =>
      api.get('/relationships/portfolio', RelationshipPortfolio, { query: range, signal }),
  });
}

export const runsQuery = queryOptions({
  queryKey: [...RELATIONSHIPS_KEY, 'runs'],
  queryFn: ({ signal }) => api.get('/relationships/runs', RunList, { signal }),
});

/** One run; asked again every `RUN_POLL_MS` while it is queued or running. */
export function runQuery(id: string) {
  return queryOptions({
    queryKey: [...RELATIONSHIPS_KEY, 'run', id],
    queryFn: ({ signal }) =>
      api.get(`/relationships/runs/${encodeURIComponent(id)}`, RelationshipRun, { signal }),
    refetchInterval: (query) => (isActive(query.state.data) ? RUN_POLL_MS : false),
    refetchIntervalInBackground: true,
  });
}

export const rulesQuery = queryOptions({
  queryKey: [...RELATIONSHIPS_KEY, 'rules'],
  queryFn: ({ signal }) => api.get('/relationships/rules', RulesBook, { signal }),
});

export const classifierQuery = queryOptions({
  queryKey: [...RELATIONSHIPS_KEY, 'classifier'],
  queryFn: ({ signal }) => api.get('/relationships/classifier', ClassifierConfigOut, { signal }),
});

export interface WorkListFilters {
  stage?: LifecycleStage;
  openComplaints?: boolean;
}

/** The agents' work list, a page at a time (the cursor is the offset the server gave). */
export function workListQuery(filters: WorkListFilters) {
  const query = {
    limit: WORK_LIST_PAGE_SIZE,
    stage: filters.stage,
    openComplaints: filters.openComplaints ? 'true' : undefined,
  };
  return infiniteQueryOptions({
    queryKey: [...RELATIONSHIPS_KEY, 'work-list', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/relationships/work-list', WorkList, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Queues a recompute; the server answers the run already queued or running, if there is one. */
export function requestRecompute(): Promise<RelationshipRun> {
  return api.post('/relationships/runs', RelationshipRun, {});
}

/** "Recompute now" for relationships: follows the run, then refreshes the portfolio and every panel. */
export const RELATIONSHIPS_RECOMPUTE: RecomputeSpec<RelationshipRun> = {
  runQuery,
  request: requestRecompute,
  runsKey: [...RELATIONSHIPS_KEY, 'runs'],
  refresh: [RELATIONSHIPS_KEY, CUSTOMERS_KEY],
  done: {
    title: 'Relationships recomputed',
    message: 'The portfolio, the work list and every 360 page show each customer’s new type and stage.',
  },
};

/**
 * After a write on a customer's relationship (override, survey answer, let go): their panel, and
 * the lists that show them (work list, portfolio).
 */
export async function refreshRelationship(queryClient: QueryClient, customerId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: relationshipPanelQuery(customerId).queryKey }),
    queryClient.invalidateQueries({ queryKey: RELATIONSHIPS_KEY }),
  ]);
}

/** Creates a survey link for the customer to answer themselves; its URL is in this answer only. */
export function createSurveyLink(customerId: string, body: SurveyLinkInput): Promise<SurveyLink> {
  return api.post(`/customers/${encodeURIComponent(customerId)}/relationship/survey-links`, SurveyLink, body);
}

/*
 * The customer's side of a survey link: no session, so every request is anonymous — a staff
 * session in the same browser is neither sent nor ended — and cached apart from staff data.
 */
const PUBLIC_SURVEY_KEY = ['public-survey'] as const;

/** The survey a customer opened from their link, with their latest answer through it. */
export function publicSurveyQuery(token: string) {
  return queryOptions({
    queryKey: [...PUBLIC_SURVEY_KEY, token],
    queryFn: ({ signal }) =>
      api.get(`/public/surveys/${encodeURIComponent(token)}`, PublicSurvey, { signal, anonymous: true }),
    // The link is asked a few times a minute at most (the server limits it per address).
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Sends the customer's answer; the server answers the survey with it. */
export function answerPublicSurvey(token: string, body: PublicSurveyAnswer): Promise<PublicSurvey> {
  return api.post(`/public/surveys/${encodeURIComponent(token)}`, PublicSurvey, body, { anonymous: true });
}
