import type { PostalAddress } from '../../../shared/contracts/customers.js';
import type {
  CandidateSignal,
  DuplicateCandidate,
  FieldDecision,
  IdentityKind,
  Merge,
  SurvivorshipRule,
} from '../../../shared/contracts/identities.js';
import type { Formatter } from '../../lib/format.js';
import { addressLines } from '../customers/360/profile-display.js';

/** How merges, their decisions and the duplicates queue read on screen. */

const DASH = '—';

export const IDENTITY_KIND_LABELS: Record<IdentityKind, string> = {
  email: 'E-mail',
  phone: 'Phone',
  external_id: 'External id',
  loyalty: 'Loyalty',
  anonymous: 'Anonymous',
};

export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  address: 'Address',
  birthday: 'Birthday',
  locale: 'Language',
  timeZone: 'Time zone',
  emails: 'E-mails',
  phones: 'Phones',
  tags: 'Tags',
  attributes: 'Attributes',
  prefersHumanService: 'Prefers a human',
};

export const RULE_LABELS: Record<SurvivorshipRule | 'combined' | 'either', string> = {
  most_recent: 'most recent',
  most_trusted: 'most trusted source',
  first_non_empty: 'first non-empty',
  combined: 'combined',
  either: 'either side',
};

export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v || DASH;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (v === null || v === undefined) return DASH;
  return JSON.stringify(v);
}

/**
 * One side's value of a merge decision as text: contact lists by their values, an address as
 * one line, a birthday as a date.
 * @example decisionValue('emails', [{ value: 'a@x.com', primary: true }], fmt) === 'a@x.com'
 */
export function decisionValue(field: string, value: unknown, fmt: Pick<Formatter, 'date'>): string {
  if (isEmpty(value)) return field === 'prefersHumanService' ? 'No' : DASH;
  switch (field) {
    case 'address':
      return addressLines(value as PostalAddress).join(', ') || DASH;
    case 'birthday':
      return typeof value === 'string' ? fmt.date(value) : scalarText(value);
    case 'emails':
    case 'phones':
      return Array.isArray(value)
        ? value.map((c) => (c as { value?: unknown }).value).join(', ')
        : scalarText(value);
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : scalarText(value);
    case 'attributes':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${scalarText(v)}`)
        .join('; ');
    default:
      return scalarText(value);
  }
}

/**
 * Which side a field's result came from, as people would say it: an empty list is no value, so
 * "both" with one side empty is the other side, and two empty sides are neither (the server
 * compares lists as values, where `[]` counts as one).
 */
export function effectiveFrom(d: FieldDecision): FieldDecision['from'] {
  const se = isEmpty(d.survivor);
  const me = isEmpty(d.merged);
  if (d.field === 'prefersHumanService') return d.from;
  if (se && me) return 'none';
  if (d.from === 'both' && se) return 'merged';
  if (d.from === 'both' && me) return 'survivor';
  return d.from;
}

/**
 * Why a field ended up as it did, in words. A rule only decides when both sides have a value;
 * with one side empty, the other's value is taken whatever the rule, and saying "most recent"
 * there would mislead.
 */
export function decisionReason(d: FieldDecision): string {
  const from = effectiveFrom(d);
  if (from === 'none') return 'empty on both';
  if (d.rule === 'either') return 'yes if either said so';
  if (isEmpty(d.survivor) !== isEmpty(d.merged)) return 'the only value';
  if (d.rule === 'combined') return from === 'both' ? 'combined from both' : 'nothing new to add';
  if (from === 'both') return 'same on both';
  return RULE_LABELS[d.rule as SurvivorshipRule] ?? d.rule;
}

/** Which side's value the result is, for the "chosen" badge. */
export function winnerLabel(d: FieldDecision): string {
  switch (effectiveFrom(d)) {
    case 'survivor':
      return 'Survivor';
    case 'merged':
      return 'Merged';
    case 'both':
      return 'Both';
    case 'none':
      return 'Neither';
  }
}

const MOVE_NOUNS: Record<string, [string, string]> = {
  identity: ['identity', 'identities'],
  touchpoint: ['touch point', 'touch points'],
  order: ['order', 'orders'],
  note: ['note', 'notes'],
  task: ['task', 'tasks'],
  company_link: ['company link', 'company links'],
};

/** "3 touch points", "1 order": a count of moved rows with its noun. */
export function moveText(entity: string, n: number, fmt: Pick<Formatter, 'number'>): string {
  const [one, many] = MOVE_NOUNS[entity] ?? [entity.replace(/_/g, ' '), `${entity.replace(/_/g, ' ')}s`];
  return `${fmt.number(n)} ${n === 1 ? one : many}`;
}

/**
 * The rows that move (or moved), the largest groups first; entities with none left out.
 * @example movesText({ order: 1, touchpoint: 12, note: 0 }, fmt) === '12 touch points, 1 order'
 */
export function movesText(counts: Record<string, number>, fmt: Pick<Formatter, 'number'>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([entity, n]) => moveText(entity, n, fmt));
  return parts.length ? parts.join(', ') : 'nothing';
}

/** Who or what merged: "Erin Admin", "an event", "an import". */
export function mergeTriggerText(m: Pick<Merge, 'trigger' | 'createdBy'>): string {
  switch (m.trigger) {
    case 'staff':
      return m.createdBy.name;
    case 'event':
      return 'an event';
    case 'import':
      return 'an import';
  }
}

function identityText(v: unknown): string | null {
  if (!v || typeof v !== 'object') return null;
  const i = v as { kind?: unknown; source?: unknown; value?: unknown };
  if (typeof i.kind !== 'string' || typeof i.value !== 'string') return null;
  const label = IDENTITY_KIND_LABELS[i.kind as IdentityKind] ?? i.kind;
  return `${label.toLowerCase()} ${i.value}${typeof i.source === 'string' && i.source ? ` (${i.source})` : ''}`;
}

/**
 * What led to a merge, in words: the staff member's reason, or the event and the identity it
 * named both customers by. Unknown evidence keys are listed as they are.
 */
export function evidenceText(m: Pick<Merge, 'trigger' | 'evidence'>): string | null {
  const { reason, messageId, identity, ...rest } = m.evidence;
  const parts: string[] = [];
  if (typeof reason === 'string' && reason) parts.push(`Reason: “${reason}”`);
  const via = identityText(identity);
  if (m.trigger === 'event') {
    const event = typeof messageId === 'string' ? `Event ${messageId}` : 'An event';
    parts.push(via ? `${event} named both by ${via}` : `${event} named both`);
  } else if (via) parts.push(`Both had ${via}`);
  else if (messageId !== undefined) parts.push(`message ${scalarText(messageId)}`);
  for (const [k, v] of Object.entries(rest)) parts.push(`${k}: ${scalarText(v)}`);
  return parts.length ? parts.join(' · ') : null;
}

/** A candidate's score (0–1) as a percentage: 0.914 → "91%". */
export function scoreText(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export const SIGNAL_COLORS: Record<CandidateSignal['kind'], string> = {
  name: 'blue',
  address: 'teal',
  phone: 'grape',
  birthday: 'orange',
  email_local: 'cyan',
};

/**
 * Which of a candidate pair to keep: the older customer, as the system does when an event joins
 * two, so the profile with the longest history keeps its id.
 */
export function survivorOf(c: Pick<DuplicateCandidate, 'customers'>): {
  survivorId: string;
  mergedId: string;
} {
  const [a, b] = c.customers;
  const aFirst = a.createdAt.getTime() !== b.createdAt.getTime() ? a.createdAt < b.createdAt : a.id < b.id;
  return aFirst ? { survivorId: a.id, mergedId: b.id } : { survivorId: b.id, mergedId: a.id };
}

/** The other customer of a never-merge pair. */
export function otherOf(pair: readonly [string, string], customerId: string): string {
  return pair[0] === customerId ? pair[1] : pair[0];
}
