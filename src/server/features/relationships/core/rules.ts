/**
 * The contact policy each relationship type implies, as shipped. Admins edit a copy per
 * workspace; these are the defaults and what "reset" returns to.
 *
 * The rules follow the type descriptions in Fournier (1998) and the product brief (PRODUCT.md §2):
 * exchange-minded customers get efficient, transactional contact and no friendship talk;
 * communal ones get warm, personal contact and personal replies to their suggestions; an enmity
 * gets no promotions and senior, human service; a secret affair gets discretion and no social
 * features; a courtship is not overwhelmed.
 */
import type {
  ContactPurpose,
  Orientation,
  RelationshipRules,
  RelationshipType,
} from '../../../../shared/contracts/relationships.js';

const ALL_PURPOSES: readonly ContactPurpose[] = [
  'marketing',
  'cross_sell',
  'loyalty',
  'feedback_request',
  'service',
  'transactional',
];
const SERVICE_ONLY: readonly ContactPurpose[] = ['service', 'transactional'];

/** Which of the two broad categories each type belongs to (Clark & Mills' communal vs exchange). */
export const TYPE_ORIENTATION: Readonly<Record<RelationshipType, Orientation>> = {
  arranged_marriage: 'exchange',
  casual_friends: 'communal',
  marriage_of_convenience: 'exchange',
  committed_partnership: 'communal',
  best_friendship: 'communal',
  compartmentalised_friendship: 'communal',
  kinship: 'communal',
  rebound: 'exchange',
  childhood_friendship: 'communal',
  courtship: 'communal',
  dependency: 'communal',
  fling: 'exchange',
  enmity: 'exchange',
  secret_affair: 'communal',
  enslavement: 'exchange',
};

const rules = (r: RelationshipRules): RelationshipRules => r;

/** The shipped rules of every type. */
export const DEFAULT_RULES: Readonly<Record<RelationshipType, RelationshipRules>> = {
  arranged_marriage: rules({
    allowedPurposes: ['loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'efficient_transactional',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'either',
    avoid: ['friendship_talk'],
    guidance:
      'Imposed or inherited (corporate account, only option nearby): keep it correct and efficient, do not pretend intimacy.',
  }),
  casual_friends: rules({
    allowedPurposes: ['marketing', 'loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'warm_personal',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'either',
    avoid: ['pressure'],
    guidance: 'Occasional and friendly, low expectations either way: light, infrequent, never pushy.',
  }),
  marriage_of_convenience: rules({
    allowedPurposes: ['cross_sell', 'loyalty', 'service', 'transactional'],
    tone: 'efficient_transactional',
    maxContactsPer30Days: 3,
    preferredChannel: 'email',
    service: 'automated',
    avoid: ['friendship_talk'],
    guidance:
      'Here because we are convenient: be fast and frictionless; practical offers, no relationship talk.',
  }),
  committed_partnership: rules({
    allowedPurposes: [...ALL_PURPOSES],
    tone: 'warm_personal',
    maxContactsPer30Days: 4,
    preferredChannel: 'email',
    service: 'human',
    avoid: ['generic_mass_mail'],
    guidance:
      'Long-term and chosen: recognise their loyalty, reply to their suggestions personally, keep promises.',
  }),
  best_friendship: rules({
    allowedPurposes: [...ALL_PURPOSES],
    tone: 'warm_personal',
    maxContactsPer30Days: 4,
    preferredChannel: 'email',
    service: 'human',
    avoid: ['generic_mass_mail'],
    guidance: 'Reciprocal and close, often advocates: be honest, thank them personally, invite their ideas.',
  }),
  compartmentalised_friendship: rules({
    allowedPurposes: ['marketing', 'loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'warm_personal',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'human',
    avoid: ['cross_category_push'],
    guidance:
      'Close, but for one occasion or part of their life: stay within that area, do not push the rest of the range.',
  }),
  kinship: rules({
    allowedPurposes: ['loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'warm_personal',
    maxContactsPer30Days: 2,
    preferredChannel: 'post',
    service: 'human',
    avoid: ['pressure'],
    guidance: 'Inherited (family habit): honour the tradition, be warm, do not sell hard.',
  }),
  rebound: rules({
    allowedPurposes: ['loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'gentle',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'human',
    avoid: ['competitor_bashing', 'pressure', 'friendship_talk'],
    guidance: 'Came to get away from someone else: show what is better here, do not rush or oversell.',
  }),
  childhood_friendship: rules({
    allowedPurposes: ['marketing', 'loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'warm_personal',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'human',
    avoid: ['abrupt_change'],
    guidance:
      'Long history, some nostalgia, infrequent now: acknowledge the shared past; change little, explain any change.',
  }),
  courtship: rules({
    allowedPurposes: ['loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'gentle',
    maxContactsPer30Days: 2,
    preferredChannel: 'email',
    service: 'either',
    avoid: ['pressure', 'cross_sell_bundle'],
    guidance: 'New and still deciding: welcome and onboard, ask how it went, do not overwhelm.',
  }),
  dependency: rules({
    allowedPurposes: ['loyalty', 'feedback_request', 'service', 'transactional'],
    tone: 'warm_personal',
    maxContactsPer30Days: 3,
    preferredChannel: 'phone',
    service: 'human',
    avoid: ['abrupt_change', 'pressure'],
    guidance: 'Relies on us strongly: warn early of any change, be reliable, do not exploit the reliance.',
  }),
  fling: rules({
    allowedPurposes: ['marketing', 'service', 'transactional'],
    tone: 'efficient_transactional',
    maxContactsPer30Days: 1,
    preferredChannel: 'email',
    service: 'automated',
    avoid: ['friendship_talk', 'loyalty_pressure'],
    guidance: 'Short and intense, no commitment expected: an occasional offer at most, no loyalty push.',
  }),
  enmity: rules({
    allowedPurposes: ['service', 'transactional', 'feedback_request'],
    tone: 'formal_senior',
    maxContactsPer30Days: 1,
    preferredChannel: 'phone',
    service: 'human',
    avoid: ['promotion', 'friendship_talk', 'social_sharing', 'celebration'],
    guidance:
      'Negative feelings, often after an unresolved complaint: senior, human service first; no promotions until it is repaired.',
  }),
  secret_affair: rules({
    allowedPurposes: ['loyalty', 'service', 'transactional'],
    tone: 'discreet',
    maxContactsPer30Days: 1,
    preferredChannel: 'email',
    service: 'either',
    avoid: ['social_sharing', 'public_recognition', 'postal_mail'],
    guidance: 'Private and discreet: nothing that others could see; no social features, no post at home.',
  }),
  enslavement: rules({
    allowedPurposes: [...SERVICE_ONLY, 'feedback_request'],
    tone: 'efficient_transactional',
    maxContactsPer30Days: 1,
    preferredChannel: 'email',
    service: 'either',
    avoid: ['promotion', 'friendship_talk', 'loyalty_pressure'],
    guidance:
      'Stays only because there is no alternative: fix what they dislike, do not market to them or play friends.',
  }),
};

/** Purposes that are service to the customer and never count as unwanted contact. */
export function isServicePurpose(purpose: ContactPurpose): boolean {
  return SERVICE_ONLY.includes(purpose);
}
