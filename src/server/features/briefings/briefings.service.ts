import {
  BRIEFING_MESSAGE_KINDS,
  type Briefing,
  type BriefingEntry,
  type BriefingFeedback,
  BriefingFeedbackInput,
  type BriefingMessageKind,
  BriefingQuery,
  type BriefingUsefulness,
  BriefingUsefulnessQuery,
} from '../../../shared/contracts/briefings.js';
import { dayInZone, zonedDayBounds } from '../../../shared/zoned-day.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { RelationshipsService } from '../relationships/relationships.service.js';
import type { VisitsService } from '../visits/visits.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import {
  BRIEFING_TOUCHPOINT_TYPES,
  type BriefingCustomerInput,
  briefCustomer,
  type CustomerHistory,
  refusedPurposesFromAttributes,
  spokenAction,
  summarise,
} from './briefings.core.js';
import type { BriefingsRepo, FeedbackRow } from './briefings.repo.js';

/**
 * The purposes each customer refused, by customer id. The default reads the documented
 * attribute (see `refusedPurposesFromAttributes`); the consent ledger (#8) replaces it.
 */
export type RefusedPurposesLookup = (
  actor: Actor,
  customers: readonly BriefingCustomerInput[],
) => Promise<Map<string, ReadonlySet<string>>>;

export const refusedPurposesFromProfiles: RefusedPurposesLookup = async (_actor, customers) =>
  new Map(customers.map((c) => [c.id, refusedPurposesFromAttributes(c.attributes)]));

function toFeedback(r: FeedbackRow): BriefingFeedback {
  return {
    visitId: r.visitId,
    kind: r.kind,
    useful: r.useful,
    userId: r.userId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const decisionKey = (visitId: string, kind: BriefingMessageKind) => `${visitId}:${kind}`;

const groupBy = <T extends { customerId: string }>(rows: readonly T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.customerId) ?? [];
    list.push(r);
    out.set(r.customerId, list);
  }
  return out;
};

/** "Know Me" briefings: a day's visits at a location with each customer's recognition messages. */
export function createBriefingsService(deps: {
  repo: BriefingsRepo;
  visits: Pick<VisitsService, 'dayAt' | 'historyOf' | 'get'>;
  workspaces: Pick<WorkspacesService, 'get'>;
  clock: Clock;
  /** The relationship policy check every message said to a customer passes (logged once per visit and kind). */
  policy: Pick<RelationshipsService, 'checkBatch'>;
  refusedPurposes?: RefusedPurposesLookup;
}) {
  const { repo } = deps;
  const refusedPurposes = deps.refusedPurposes ?? refusedPurposesFromProfiles;

  /**
   * The visits of `date` (today by default, in the workspace time zone) at `location` that
   * still take place, in start order, each with its customer's messages, and the summary.
   * The history of all the day's customers is read in six queries, whatever their number.
   */
  async function forDay(actor: Actor, input: BriefingQuery): Promise<Briefing> {
    requirePermission(actor, 'crm:read');
    const q = BriefingQuery.parse(input);
    const { timeZone } = await deps.workspaces.get(actor);
    const date = q.date ?? dayInZone(deps.clock.now(), timeZone);
    const { start, end } = zonedDayBounds(date, timeZone);
    const day = await deps.visits.dayAt(actor, q.location, start, end);
    const ids = [...new Set(day.map((v) => v.customerId))];
    const ws = actor.workspaceId;
    const [people, pastVisits, touchpoints, orders, notes, feedback] = await Promise.all([
      repo.customers(ws, ids),
      deps.visits.historyOf(actor, ids, start),
      repo.touchpoints(ws, ids, BRIEFING_TOUCHPOINT_TYPES, start),
      repo.orders(ws, ids, start),
      repo.notes(ws, ids),
      actor.type === 'user' && actor.id
        ? repo.feedbackOf(
            ws,
            actor.id,
            day.map((v) => v.id),
          )
        : Promise.resolve([]),
    ]);
    const refused = await refusedPurposes(actor, people);
    const byId = new Map(people.map((c) => [c.id, c]));
    const visitsOf = groupBy(pastVisits);
    const touchpointsOf = groupBy(touchpoints);
    const ordersOf = groupBy(orders);
    const notesOf = groupBy(notes);
    const answers = new Map(feedback.map((f) => [`${f.visitId}:${f.kind}`, f.useful]));

    // A deleted customer's visit is nobody's to greet.
    const greeted = day.flatMap((v) => {
      const customer = byId.get(v.customerId);
      if (!customer) return [];
      const history: CustomerHistory = {
        customer,
        visits: visitsOf.get(customer.id) ?? [],
        touchpoints: touchpointsOf.get(customer.id) ?? [],
        orders: ordersOf.get(customer.id) ?? [],
        notes: notesOf.get(customer.id) ?? [],
      };
      const opts = { asOf: start, timeZone, refusedPurposes: refused.get(customer.id) ?? new Set<string>() };
      // Everything there is to say, before the relationship rules have their say.
      const candidates = briefCustomer(v, history, { ...opts, maxMessages: Number.POSITIVE_INFINITY });
      return [{ v, customer, history, opts, candidates }];
    });
    // Saying a message to the customer is an outgoing action: it passes the policy check.
    const guidance = await deps.policy.checkBatch(actor, {
      source: 'briefing',
      items: [...new Set(greeted.map((g) => g.customer.id))].map((customerId) => ({
        customerId,
        actions: greeted
          .filter((g) => g.customer.id === customerId)
          .flatMap((g) =>
            g.candidates.messages.flatMap((m) => {
              const action = spokenAction(m.kind, g.v.startsAt);
              return action ? [{ key: decisionKey(g.v.id, m.kind), action }] : [];
            }),
          ),
      })),
    });

    const entries: BriefingEntry[] = [];
    for (const { v, customer, history, opts } of greeted) {
      const rules = guidance.get(customer.id);
      const decision = (kind: BriefingMessageKind) => rules?.decisions.get(decisionKey(v.id, kind));
      const withheld = new Set(BRIEFING_MESSAGE_KINDS.filter((k) => decision(k)?.verdict === 'block'));
      const briefing = briefCustomer(v, history, { ...opts, withheld });
      entries.push({
        visit: {
          id: v.id,
          startsAt: v.startsAt,
          endsAt: v.endsAt,
          type: v.type,
          status: v.status,
          location: v.location,
          properties: v.properties,
        },
        customer: { id: customer.id, fullName: customer.fullName },
        messages: briefing.messages.map(({ purposes: _p, ...m }) => {
          const d = decision(m.kind);
          return {
            ...m,
            myFeedback: answers.get(`${v.id}:${m.kind}`) ?? null,
            caution: d?.verdict === 'warn' ? d.reasons.map((r) => r.message).join(' ') : null,
          };
        }),
        relationship: rules
          ? { type: rules.type, tone: rules.tone, guidance: rules.guidance, stage: rules.stage }
          : null,
        noMessageReason: briefing.noMessageReason,
      });
    }
    return { date, location: q.location, timeZone, entries, summary: summarise(entries) };
  }

  /**
   * Records whether the user found a kind of message useful on a visit; answering again
   * replaces the answer (idempotent per user, visit and kind). Only people give feedback.
   */
  async function giveFeedback(actor: Actor, input: BriefingFeedbackInput): Promise<BriefingFeedback> {
    requirePermission(actor, 'crm:write');
    const body = BriefingFeedbackInput.parse(input);
    if (actor.type !== 'user' || !actor.id) {
      throw new AppError(
        'FORBIDDEN',
        {},
        [],
        'Feedback is kept per member of staff; an API key cannot give it',
      );
    }
    const visit = await deps.visits.get(actor, body.visitId);
    if (visit.deletedAt) throw new AppError('VISIT_NOT_FOUND', { id: body.visitId });
    const now = deps.clock.now();
    const row = await repo.upsertFeedback({
      workspaceId: actor.workspaceId,
      id: newId(),
      visitId: visit.id,
      customerId: visit.customerId,
      userId: actor.id,
      kind: body.kind,
      useful: body.useful,
      createdAt: now,
      updatedAt: now,
    });
    return toFeedback(row);
  }

  /** How staff rated each kind of message, from all users, optionally for days given (workspace time zone). */
  async function usefulness(actor: Actor, input: BriefingUsefulnessQuery): Promise<BriefingUsefulness> {
    requirePermission(actor, 'crm:read');
    const q = BriefingUsefulnessQuery.parse(input);
    const { timeZone } = await deps.workspaces.get(actor);
    const rows = await repo.usefulness(actor.workspaceId, {
      from: q.from ? zonedDayBounds(q.from, timeZone).start : undefined,
      to: q.to ? zonedDayBounds(q.to, timeZone).end : undefined,
    });
    const byKind = new Map(rows.map((r) => [r.kind, r]));
    const items = BRIEFING_MESSAGE_KINDS.map((kind) => {
      const r = byKind.get(kind) ?? { useful: 0, notUseful: 0 };
      const total = r.useful + r.notUseful;
      return { kind, useful: r.useful, notUseful: r.notUseful, usefulShare: total ? r.useful / total : null };
    });
    return { items, total: items.reduce((n, i) => n + i.useful + i.notUseful, 0) };
  }

  return { forDay, giveFeedback, usefulness };
}
export type BriefingsService = ReturnType<typeof createBriefingsService>;
