/**
 * The relationship policy check: may this planned action go to this customer? One pure function
 * that the service (and through it every outgoing path: campaigns, briefings, case replies)
 * calls with the facts it loaded; it answers allow / warn / block with every reason found, not
 * just the first, so an agent sees all that is wrong with a plan.
 */
import type {
  ContactPurpose,
  LifecycleStage,
  PlannedAction,
  PolicyDecision,
  PolicyReason,
  PolicyVerdict,
  RelationshipRules,
  RelationshipType,
} from '../../../../shared/contracts/relationships.js';
import { isServicePurpose } from './rules.js';

const DAY_MS = 86_400_000;
/** The rolling window of `maxContactsPer30Days`. */
export const CONTACT_WINDOW_MS = 30 * DAY_MS;

/** Purposes that sell; an open complaint or a missing consent stops them. */
const SELLING: readonly ContactPurpose[] = ['marketing', 'cross_sell'];
/** Purposes that need the customer's marketing consent. */
const NEEDS_MARKETING_CONSENT: readonly ContactPurpose[] = ['marketing', 'cross_sell', 'loyalty'];

export interface PolicyFacts {
  type: RelationshipType;
  rules: RelationshipRules;
  stage: LifecycleStage | null;
  /** Complaint cases not yet resolved or closed. */
  openComplaints: number;
  /** Marketing consent: true granted, false withdrawn or never given, null not recorded. */
  marketingConsent: boolean | null;
  prefersHumanService: boolean;
  /** Times of earlier non-service contacts (any order); only those in the window count. */
  recentContacts: readonly Date[];
}

const RANK: Readonly<Record<PolicyVerdict, number>> = { allow: 0, warn: 1, block: 2 };

/**
 * Checks `action` against the customer's relationship rules, stage, open complaints, consent
 * and recent contact frequency.
 * @param now the instant the action is planned for when `action.at` is absent
 * @example
 * checkPolicy(facts, { channel: 'email', purpose: 'marketing', contentTags: ['promotion'], automated: true }, new Date())
 * // → { verdict: 'block', reasons: [{ code: 'open_complaint', … }] } for an enmity with an open complaint
 */
export function checkPolicy(facts: PolicyFacts, action: PlannedAction, now: Date): PolicyDecision {
  const reasons: PolicyReason[] = [];
  const add = (code: PolicyReason['code'], verdict: PolicyVerdict, message: string) =>
    reasons.push({ code, verdict, message });
  const { rules, type } = facts;
  const purpose = action.purpose;
  const service = isServicePurpose(purpose);
  const label = type.replaceAll('_', ' ');

  if (!rules.allowedPurposes.includes(purpose)) {
    add('purpose_not_allowed', 'block', `${purpose.replace('_', ' ')} is not allowed for a ${label}.`);
  }
  const avoided = (action.contentTags ?? []).filter((tag) => rules.avoid.includes(tag));
  if (avoided.length) {
    add('content_avoided', 'block', `A ${label} must not receive: ${avoided.join(', ')}.`);
  }
  // Serving a customer with a complaint open is right; celebrating with them (a milestone
  // announced at the desk) before it is put right is not.
  const celebrating = (action.contentTags ?? []).includes('celebration');
  if (facts.openComplaints > 0 && (!service || celebrating)) {
    const selling = SELLING.includes(purpose) || (action.contentTags ?? []).includes('promotion');
    add(
      'open_complaint',
      selling ? 'block' : 'warn',
      selling
        ? 'The customer has an open complaint: recover first, no promotions until it is resolved.'
        : service
          ? 'The customer has an open complaint: put it right before celebrating anything.'
          : 'The customer has an open complaint: make sure this does not go out before the reply.',
    );
  }
  if (NEEDS_MARKETING_CONSENT.includes(purpose)) {
    if (facts.marketingConsent === false) {
      add('no_consent', 'block', 'The customer has not consented to marketing.');
    } else if (facts.marketingConsent === null) {
      add('no_consent', 'warn', 'No marketing consent is recorded for the customer.');
    }
  }
  if (!service) {
    const at = action.at ? new Date(action.at).getTime() : now.getTime();
    const inWindow = facts.recentContacts.filter((d) => {
      const t = d.getTime();
      return t > at - CONTACT_WINDOW_MS && t <= at;
    }).length;
    if (inWindow >= rules.maxContactsPer30Days) {
      add(
        'frequency_exceeded',
        'block',
        `${inWindow} contacts in the last 30 days; a ${label} gets at most ${rules.maxContactsPer30Days}.`,
      );
    }
  }
  if (facts.stage === 'lapsed' && SELLING.includes(purpose)) {
    add(
      'lapsed_customer',
      'warn',
      'The customer has lapsed: a win-back suited to the type works better than an offer.',
    );
  }
  if (facts.stage === 'courtship' && SELLING.includes(purpose)) {
    add('courtship_pace', 'warn', 'A new customer: onboard before selling more, do not overwhelm.');
  }
  if (action.channel !== rules.preferredChannel && !service) {
    add(
      'channel_not_preferred',
      'warn',
      `A ${label} is best reached by ${rules.preferredChannel.replace('_', ' ')}.`,
    );
  }
  // Receipts and confirmations are automated by nature; answering the customer is not.
  if (action.automated && (rules.service === 'human' || facts.prefersHumanService) && purpose === 'service') {
    add(
      'automation_for_human_customer',
      'warn',
      facts.prefersHumanService
        ? 'The customer prefers a human: have a person answer.'
        : `A ${label} expects a person, not an automated answer.`,
    );
  }

  const verdict = reasons.reduce<PolicyVerdict>(
    (worst, r) => (RANK[r.verdict] > RANK[worst] ? r.verdict : worst),
    'allow',
  );
  return { verdict, reasons };
}
