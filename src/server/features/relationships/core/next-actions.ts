/**
 * Next best actions: what to do for a customer now, from their state and their type's rules,
 * most urgent first. Candidates are plain rules (an open complaint is recovered before anything
 * else; an unanswered suggestion gets a personal reply; a courtship gets onboarding; a decline
 * gets a win-back suited to the type; a valuable communal customer gets a personal thank-you).
 * The caller runs each through the policy check and keeps the first three that pass.
 */
import type {
  LifecycleStage,
  NextActionKey,
  Orientation,
  PlannedAction,
  RelationshipRules,
  RelationshipType,
} from '../../../../shared/contracts/relationships.js';

export interface ActionState {
  type: RelationshipType;
  orientation: Orientation;
  stage: LifecycleStage | null;
  rules: RelationshipRules;
  openComplaints: number;
  unansweredSuggestions: number;
  /** The customer is in the top half of value (or top tiers) of the workspace. */
  highValue: boolean;
  /** Days since the customer last gave feedback (review, survey), or null if never. */
  daysSinceFeedback: number | null;
}

export interface ActionCandidate {
  key: NextActionKey;
  title: string;
  why: string;
  action: PlannedAction;
}

const personal = (channel: PlannedAction['channel'], purpose: PlannedAction['purpose'], tags: string[]) => ({
  channel,
  purpose,
  contentTags: tags,
  automated: false,
});

/**
 * The candidates for one customer, most urgent first (at most one of each key).
 * @example
 * nextActionCandidates({ ...state, openComplaints: 1 })[0].key // 'recover_complaint'
 */
export function nextActionCandidates(s: ActionState): ActionCandidate[] {
  const out: ActionCandidate[] = [];
  const label = s.type.replaceAll('_', ' ');
  const channel = s.rules.preferredChannel;
  if (s.openComplaints > 0) {
    out.push({
      key: 'recover_complaint',
      title: 'Put the open complaint right first',
      why:
        s.type === 'enmity'
          ? 'An enmity with an open complaint: a senior person calls, no promotions until it is resolved.'
          : 'Recovery comes before anything else; a complaint put right quickly builds loyalty.',
      action: personal('phone', 'service', ['recovery']),
    });
  }
  if (s.unansweredSuggestions > 0) {
    out.push({
      key: 'reply_to_suggestion',
      title: 'Reply personally to their suggestion',
      why:
        s.orientation === 'communal'
          ? 'A communal customer expects a personal reply to what they suggested.'
          : 'They took the time to suggest something: a short, concrete answer.',
      action: personal(channel === 'social' ? 'email' : channel, 'service', ['suggestion_reply']),
    });
  }
  if (s.stage === 'courtship') {
    out.push({
      key: 'onboarding',
      title: 'Welcome and onboard',
      why: 'A new relationship: one helpful welcome, not a stream of offers.',
      action: { channel, purpose: 'loyalty', contentTags: ['onboarding'], automated: true },
    });
  }
  if (s.stage === 'decline' || s.stage === 'lapsed') {
    out.push(
      s.orientation === 'exchange'
        ? {
            key: 'win_back',
            title: 'Win back with a clear, practical offer',
            why: `A ${label} in ${s.stage}: exchange-minded, so a concrete reason to come back works best.`,
            action: { channel, purpose: 'marketing', contentTags: ['offer', 'win_back'], automated: true },
          }
        : {
            key: 'win_back',
            title: 'Win back with a personal note',
            why: `A ${label} in ${s.stage}: communal, so a personal "we miss you" from someone they know works best.`,
            action: personal(channel, 'loyalty', ['personal_note', 'win_back']),
          },
    );
  }
  if (s.highValue && s.orientation === 'communal' && s.stage !== 'lapsed') {
    out.push({
      key: 'personal_thanks',
      title: 'Thank them personally',
      why: 'A valuable, communal relationship: a personal thank-you, no sales message attached.',
      action: personal(channel, 'loyalty', ['thanks']),
    });
  }
  if (
    (s.stage === 'maturity' || s.stage === 'growth') &&
    (s.daysSinceFeedback === null || s.daysSinceFeedback > 180)
  ) {
    out.push({
      key: 'ask_feedback',
      title: 'Ask how we are doing',
      why: 'No feedback from them in half a year; ask briefly, in the tone their type expects.',
      action: { channel, purpose: 'feedback_request', contentTags: ['feedback'], automated: true },
    });
  }
  if (s.stage === 'growth' || s.stage === 'maturity' || s.stage === 'won_back') {
    out.push({
      key: 'loyalty_touch',
      title: s.orientation === 'exchange' ? 'Show them what their loyalty earns' : 'Keep in touch',
      why:
        s.orientation === 'exchange'
          ? 'Exchange-minded: efficient, useful information about benefits.'
          : 'Communal: a warm, personal touch between visits.',
      action: { channel, purpose: 'loyalty', contentTags: [], automated: s.orientation === 'exchange' },
    });
  }
  return out;
}
