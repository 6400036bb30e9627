/**
 * Identity resolution and merge decisions as pure functions: which customer an event's
 * identities name, which customers they join, what a merged profile looks like and how an
 * undo restores it. No I/O; the services load what these need and write what they decide.
 */
import {
  type CustomerSnapshot,
  type FieldDecision,
  type IdentityKind,
  type IdentityKindRule,
  type IdentitySettings,
  SOURCELESS_KINDS,
  type SurvivingField,
  type SurvivorshipRule,
} from '../../../shared/contracts/identities.js';
import { assertNever } from '../../lib/app-error.js';
import { refusedPurposesFromAttributes } from '../briefings/briefings.core.js';

export interface IdentityRef {
  kind: IdentityKind;
  source: string;
  value: string;
}

/** The one key of an identity in maps and sets; e-mails and phones have source ''. */
export function identityKey(kind: IdentityKind, source: string, value: string): string {
  return `${kind}\u0000${source}\u0000${value}`;
}
const keyOf = (i: IdentityRef) => identityKey(i.kind, i.source, i.value);

/** Limits count per kind, and per system for external ids and loyalty numbers. */
function limitKey(i: IdentityRef): string {
  return SOURCELESS_KINDS.includes(i.kind) ? i.kind : `${i.kind}\u0000${i.source}`;
}

export function ruleFor(settings: IdentitySettings, kind: IdentityKind): IdentityKindRule {
  return (
    settings.kinds.find((k) => k.kind === kind) ?? {
      kind,
      priority: 100,
      limit: 1,
      match: false,
    }
  );
}

/**
 * A test for blocked values: literals compare case-insensitively with surrounding space
 * ignored; `/…/` entries are regular expressions (case-insensitive).
 * @example compileBlocklist(['null', '/^0+$/'])('0000') === true
 */
export function compileBlocklist(entries: readonly string[]): (value: string) => boolean {
  const cached = compiled.get(entries);
  if (cached) return cached;
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  for (const e of entries) {
    if (/^\/.+\/$/.test(e)) patterns.push(new RegExp(e.slice(1, -1), 'i'));
    else literals.add(e.trim().toLowerCase());
  }
  const test = (value: string) => {
    const v = value.trim().toLowerCase();
    return literals.has(v) || patterns.some((p) => p.test(v));
  };
  compiled.set(entries, test);
  return test;
}
/** One compiled test per settings list: resolution runs it for every identity of every event. */
const compiled = new WeakMap<readonly string[], (value: string) => boolean>();

export type DropReason = 'blocked_value' | 'not_matchable' | 'limit' | 'never_merge';

export interface Dropped {
  identity: IdentityRef;
  reason: DropReason;
  /** The customer the identity belongs to, when it was dropped rather than joining them. */
  ownerId: string | null;
}

export interface ResolutionInput {
  settings: IdentitySettings;
  incoming: readonly IdentityRef[];
  /** identityKey → owning customer, for every incoming identity that has one. */
  owners: ReadonlyMap<string, string>;
  /** The identities every owner holds. */
  held: ReadonlyMap<string, readonly IdentityRef[]>;
  /** When each owner was created: the older of two merged customers survives. */
  createdAt: ReadonlyMap<string, Date>;
  /** Pairs marked "never merge". */
  isBlockedPair: (a: string, b: string) => boolean;
}

export interface ResolutionPlan {
  /** The customer the event belongs to; null: create one holding `attach`. */
  customerId: string | null;
  /** Identities to add to that customer. */
  attach: IdentityRef[];
  /** Customers to merge, in order; after them `customerId` holds everything. */
  merges: { survivorId: string; mergedId: string; via: IdentityRef }[];
  dropped: Dropped[];
}

/**
 * Resolves an event's identities to one customer the way Segment's identity resolution does:
 * identities are taken in priority order (1 first); the first that names a customer picks it;
 * a later one that names a different customer merges the two — unless the pair is marked
 * "never merge" or the merged profile would hold more identities of a kind than its limit, in
 * which case that (lower-priority) identity is dropped and the event stays with the customer
 * found so far. An identity naming nobody is attached when the limit allows.
 */
export function planResolution(input: ResolutionInput): ResolutionPlan {
  const { settings, owners, held } = input;
  const isBlockedValue = compileBlocklist(settings.blockedValues);
  const dropped: Dropped[] = [];
  const seen = new Set<string>();
  const usable: IdentityRef[] = [];
  for (const i of input.incoming) {
    const k = keyOf(i);
    if (seen.has(k)) continue;
    seen.add(k);
    if (isBlockedValue(i.value)) dropped.push({ identity: i, reason: 'blocked_value', ownerId: null });
    else usable.push(i);
  }
  usable.sort((a, b) => ruleFor(settings, a.kind).priority - ruleFor(settings, b.kind).priority);

  let customerId: string | null = null;
  /** limitKey → values the resolved profile holds (stored and attached). */
  let holding = new Map<string, Set<string>>();
  const attach: IdentityRef[] = [];
  const merges: ResolutionPlan['merges'] = [];

  /**
   * `base` with `extra` added when no kind goes over its limit, else null. Counts the values
   * `extra` would add per kind instead of copying `base` (a profile may hold a hundred device
   * ids, and this runs for every identity of every event).
   */
  const fits = (extra: readonly IdentityRef[], base: Map<string, Set<string>>) => {
    const added = new Map<string, Set<string>>();
    for (const i of extra) {
      const lk = limitKey(i);
      if (base.get(lk)?.has(i.value)) continue;
      const set = added.get(lk) ?? new Set<string>();
      set.add(i.value);
      added.set(lk, set);
    }
    for (const [lk, values] of added) {
      const kind = lk.split('\u0000')[0] as IdentityKind;
      if ((base.get(lk)?.size ?? 0) + values.size > ruleFor(settings, kind).limit) return null;
    }
    for (const [lk, values] of added) {
      const set = base.get(lk) ?? new Set<string>();
      for (const v of values) set.add(v);
      base.set(lk, set);
    }
    return base;
  };

  for (const i of usable) {
    const rule = ruleFor(settings, i.kind);
    const owner = owners.get(keyOf(i)) ?? null;
    if (owner === null || owner === customerId) {
      if (owner === customerId && customerId !== null) continue;
      const next = fits([i], holding);
      if (next) {
        holding = next;
        attach.push(i);
      } else dropped.push({ identity: i, reason: 'limit', ownerId: null });
      continue;
    }
    if (!rule.match) {
      dropped.push({ identity: i, reason: 'not_matchable', ownerId: owner });
      continue;
    }
    const ownerHolds = held.get(owner) ?? [];
    if (customerId === null) {
      // What was collected so far is new; it joins the owner if the owner has room for it.
      const next = fits(ownerHolds, holding);
      if (next) {
        customerId = owner;
        holding = next;
      } else dropped.push({ identity: i, reason: 'limit', ownerId: owner });
      continue;
    }
    if (input.isBlockedPair(customerId, owner)) {
      dropped.push({ identity: i, reason: 'never_merge', ownerId: owner });
      continue;
    }
    const next = fits(ownerHolds, holding);
    if (!next) {
      dropped.push({ identity: i, reason: 'limit', ownerId: owner });
      continue;
    }
    const [survivorId, mergedId] = olderFirst(customerId, owner, input.createdAt);
    merges.push({ survivorId, mergedId, via: i });
    customerId = survivorId;
    holding = next;
  }
  return { customerId, attach, merges, dropped };
}

function addTo(h: Map<string, Set<string>>, i: IdentityRef): void {
  const lk = limitKey(i);
  const set = h.get(lk) ?? new Set<string>();
  set.add(i.value);
  h.set(lk, set);
}

function olderFirst(a: string, b: string, createdAt: ReadonlyMap<string, Date>): [string, string] {
  const ta = createdAt.get(a)?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = createdAt.get(b)?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? [a, b] : [b, a];
  return a < b ? [a, b] : [b, a];
}

/** The identity kinds a set of identities holds more of than the settings allow, in words. */
export function limitWarnings(settings: IdentitySettings, identities: readonly IdentityRef[]): string[] {
  const holding = new Map<string, Set<string>>();
  for (const i of identities) addTo(holding, i);
  const out: string[] = [];
  for (const [lk, values] of holding) {
    const [kind, source] = lk.split('\u0000') as [IdentityKind, string | undefined];
    const { limit } = ruleFor(settings, kind);
    if (values.size > limit) {
      out.push(
        `${values.size} ${kind.replace('_', ' ')} values${source ? ` from ${source}` : ''} (the limit is ${limit})`,
      );
    }
  }
  return out;
}

type Profile = Omit<CustomerSnapshot, 'id' | 'identities' | 'createdAt' | 'updatedAt' | 'createdBy'>;

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The snapshot fields each surviving field covers (a name is its three parts together). */
const FIELD_PARTS: Record<SurvivingField, (keyof Profile)[]> = {
  name: ['givenName', 'familyName', 'fullName'],
  address: ['address'],
  birthday: ['birthday'],
  locale: ['locale'],
  timeZone: ['timeZone'],
};

/**
 * The merged profile and how each field was chosen. `survivor` is the customer that stays
 * (the older one when the system merges). Scalar fields follow the workspace's survivorship
 * rule; e-mails, phones, tags, identities and attributes are combined (the newer profile wins
 * an attribute both have); "prefers a human" is kept when either said so.
 */
export function mergeProfiles(
  settings: IdentitySettings,
  survivor: CustomerSnapshot,
  merged: CustomerSnapshot,
): { result: CustomerSnapshot; decisions: FieldDecision[] } {
  const decisions: FieldDecision[] = [];
  const result: CustomerSnapshot = { ...survivor };
  const newer = Date.parse(merged.updatedAt) > Date.parse(survivor.updatedAt) ? 'merged' : 'survivor';
  const trust = (s: CustomerSnapshot) => {
    const i = settings.sourceTrust.indexOf(s.createdBy.type);
    return i < 0 ? settings.sourceTrust.length : i;
  };

  for (const field of Object.keys(FIELD_PARTS) as SurvivingField[]) {
    const parts = FIELD_PARTS[field];
    const pick = (s: CustomerSnapshot) =>
      field === 'name' ? s.fullName : (s[parts[0] as keyof CustomerSnapshot] as unknown);
    const sv = pick(survivor);
    const mv = pick(merged);
    const rule: SurvivorshipRule = settings.survivorship[field] ?? 'first_non_empty';
    let from: 'survivor' | 'merged';
    if (isEmpty(sv) || isEmpty(mv)) from = isEmpty(sv) && !isEmpty(mv) ? 'merged' : 'survivor';
    else {
      switch (rule) {
        case 'first_non_empty':
          from = 'survivor';
          break;
        case 'most_recent':
          from = newer;
          break;
        case 'most_trusted': {
          const ts = trust(survivor);
          const tm = trust(merged);
          from = ts === tm ? newer : tm < ts ? 'merged' : 'survivor';
          break;
        }
        default:
          return assertNever(rule);
      }
    }
    const chosen = from === 'merged' ? merged : survivor;
    for (const p of parts) (result as Record<string, unknown>)[p] = chosen[p];
    decisions.push({
      field,
      survivor: sv,
      merged: mv,
      result: pick(chosen),
      rule,
      from: isEmpty(sv) && isEmpty(mv) ? 'none' : same(sv, mv) ? 'both' : from,
    });
  }

  result.emails = unionContacts(survivor.emails, merged.emails);
  result.phones = unionContacts(survivor.phones, merged.phones);
  result.tags = [...new Set([...survivor.tags, ...merged.tags])];
  const [olderAttrs, newerAttrs] =
    newer === 'merged' ? [survivor.attributes, merged.attributes] : [merged.attributes, survivor.attributes];
  result.attributes = { ...olderAttrs, ...newerAttrs };
  // Until the consent ledger (#8) exists, refusals live on attributes: a refusal on either side
  // survives the merge, whichever profile is newer.
  const refused = new Set([
    ...refusedPurposesFromAttributes(survivor.attributes),
    ...refusedPurposesFromAttributes(merged.attributes),
  ]);
  if (refused.size) {
    delete result.attributes.refused_purposes;
    result.attributes.consentRefused = [...refused].sort();
  }
  result.prefersHumanService = survivor.prefersHumanService || merged.prefersHumanService;
  const ids = new Map(survivor.identities.map((i) => [keyOf(i), i]));
  for (const i of merged.identities) if (!ids.has(keyOf(i))) ids.set(keyOf(i), i);
  result.identities = [...ids.values()];

  const combined = (field: string, s: unknown, m: unknown, r: unknown) =>
    decisions.push({
      field,
      survivor: s,
      merged: m,
      result: r,
      rule: 'combined',
      from:
        isEmpty(s) && isEmpty(m)
          ? 'none'
          : isEmpty(s)
            ? 'merged'
            : isEmpty(m) || same(s, r)
              ? 'survivor'
              : 'both',
    });
  combined('emails', survivor.emails, merged.emails, result.emails);
  combined('phones', survivor.phones, merged.phones, result.phones);
  combined('tags', survivor.tags, merged.tags, result.tags);
  combined('attributes', survivor.attributes, merged.attributes, result.attributes);
  decisions.push({
    field: 'prefersHumanService',
    survivor: survivor.prefersHumanService,
    merged: merged.prefersHumanService,
    result: result.prefersHumanService,
    rule: 'either',
    from:
      survivor.prefersHumanService === merged.prefersHumanService
        ? 'both'
        : survivor.prefersHumanService
          ? 'survivor'
          : 'merged',
  });
  return { result, decisions };
}

function unionContacts(
  first: CustomerSnapshot['emails'],
  second: CustomerSnapshot['emails'],
): CustomerSnapshot['emails'] {
  const out = first.map((c) => ({ ...c }));
  const have = new Set(out.map((c) => c.value));
  for (const c of second) if (!have.has(c.value)) out.push({ ...c, primary: false });
  if (out.length && !out.some((c) => c.primary)) out[0] = { ...out[0]!, primary: true };
  return out;
}

/**
 * The survivor's profile after an undo. A field still as the merge left it goes back to what
 * the survivor had before; a field changed since keeps the change, less what came from the
 * merged customer (its e-mails, phones, tags and attributes).
 */
export function unmergeProfile(
  before: CustomerSnapshot,
  after: CustomerSnapshot,
  current: CustomerSnapshot,
  mergedBefore: CustomerSnapshot,
): Profile {
  const out: Profile = {
    givenName: current.givenName,
    familyName: current.familyName,
    fullName: current.fullName,
    emails: current.emails,
    phones: current.phones,
    address: current.address,
    birthday: current.birthday,
    locale: current.locale,
    timeZone: current.timeZone,
    tags: current.tags,
    attributes: current.attributes,
    prefersHumanService: current.prefersHumanService,
  };
  const o = out as Record<string, unknown>;
  for (const parts of Object.values(FIELD_PARTS)) {
    if (parts.every((p) => same(current[p], after[p]))) for (const p of parts) o[p] = before[p];
  }
  const contacts = (field: 'emails' | 'phones') => {
    if (same(current[field], after[field])) return before[field];
    const own = new Set(before[field].map((c) => c.value));
    const theirs = new Set(mergedBefore[field].map((c) => c.value).filter((v) => !own.has(v)));
    const kept = current[field].filter((c) => !theirs.has(c.value));
    if (kept.length && !kept.some((c) => c.primary)) kept[0] = { ...kept[0]!, primary: true };
    return kept;
  };
  out.emails = contacts('emails');
  out.phones = contacts('phones');
  const addedTags = new Set(after.tags.filter((t) => !before.tags.includes(t)));
  out.tags = same(current.tags, after.tags) ? before.tags : current.tags.filter((t) => !addedTags.has(t));
  const attrs: Record<string, unknown> = { ...current.attributes };
  for (const k of new Set([...Object.keys(after.attributes), ...Object.keys(before.attributes)])) {
    if (!same(after.attributes[k], before.attributes[k]) && same(attrs[k], after.attributes[k])) {
      if (k in before.attributes) attrs[k] = before.attributes[k];
      else delete attrs[k];
    }
  }
  out.attributes = attrs;
  if (current.prefersHumanService === after.prefersHumanService)
    out.prefersHumanService = before.prefersHumanService;
  return out;
}
