/**
 * From a Segment/RudderStack event to what Rapport stores: its identities, when it happened,
 * the profile fields its traits set, and the touch point a track or page call is. Pure: the
 * service resolves the customer and writes.
 */
import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js/max';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import type { PostalAddress } from '../../../shared/contracts/customers.js';
import type { IncomingEvent } from '../../../shared/contracts/events.js';
import { normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
import { assertNever } from '../../lib/app-error.js';
import type { IdentityRef } from '../identity/identity.core.js';

export interface ProfilePatch {
  givenName?: string;
  familyName?: string;
  fullName?: string;
  birthday?: string;
  address?: PostalAddress;
  locale?: string;
  timeZone?: string;
  /** Traits Rapport has no column for, kept on the customer's attributes. */
  attributes: Record<string, unknown>;
}

export interface PreparedEvent {
  type: IncomingEvent['type'];
  messageId: string;
  occurredAt: Date;
  identities: IdentityRef[];
  /** Raw inputs of e-mail/phone identities, to keep as typed on the contact lists. */
  raw: Map<string, string>;
  profile: ProfilePatch;
  touchpoint: {
    channel: Channel;
    type: string;
    properties: Record<string, unknown>;
    satisfaction: number | null;
  } | null;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * When the event happened. Without `timestamp`, Segment's clock-skew correction: the device's
 * `originalTimestamp` moved by how far its clock was off when it sent (`sentAt` vs our
 * `receivedAt`). Never in the future.
 */
export function occurredAt(
  e: { timestamp?: string | undefined; originalTimestamp?: string | undefined; sentAt?: string | undefined },
  receivedAt: Date,
): Date {
  let at: number;
  if (e.timestamp) at = Date.parse(e.timestamp);
  else if (e.originalTimestamp && e.sentAt)
    at = receivedAt.getTime() - (Date.parse(e.sentAt) - Date.parse(e.originalTimestamp));
  else if (e.originalTimestamp) at = Date.parse(e.originalTimestamp);
  else at = receivedAt.getTime();
  return new Date(Math.min(at, receivedAt.getTime()));
}

/**
 * A message id for an event sent without one: a hash of what it says (not of `sentAt`, which a
 * retry changes), so a retry is still recognised.
 */
export function derivedMessageId(e: Record<string, unknown>): string {
  const { sentAt: _sent, receivedAt: _received, ...rest } = e;
  return `sha256:${createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 40)}`;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** "Order Completed" → `order_completed`: touch-point types are slugs. */
export function typeSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 100) || 'event'
  );
}

const CHANNEL_ALIASES: Record<string, Channel> = { mobile: 'app', server: 'other', browser: 'web' };

function channelOf(e: IncomingEvent, properties: Record<string, unknown>): Channel {
  for (const c of [str(properties.channel), str(e.channel)]) {
    const v = c?.toLowerCase();
    if (!v) continue;
    if ((CHANNELS as readonly string[]).includes(v)) return v as Channel;
    const alias = CHANNEL_ALIASES[v];
    if (alias) return alias;
  }
  if (e.type === 'page') return 'web';
  const ctx = e.context ?? {};
  return ctx.app || ctx.device || ctx.os ? 'app' : 'web';
}

const RESERVED_TRAITS = new Set([
  'email',
  'phone',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'name',
  'birthday',
  'address',
  'id',
  'userId',
  'anonymousId',
]);

function addressOf(v: unknown): PostalAddress | undefined {
  const a = obj(v);
  if (!a) return undefined;
  const country = str(a.country)?.toUpperCase();
  const out: PostalAddress = {
    ...(str(a.street) ? { line1: str(a.street)!.slice(0, 200) } : {}),
    ...(str(a.city) ? { city: str(a.city)!.slice(0, 100) } : {}),
    ...(str(a.state) ? { region: str(a.state)!.slice(0, 100) } : {}),
    ...((str(a.postalCode) ?? str(a.postal_code))
      ? { postalCode: (str(a.postalCode) ?? str(a.postal_code))!.slice(0, 20) }
      : {}),
    ...(country && /^[A-Z]{2}$/.test(country) ? { country } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function profileOf(traits: Record<string, unknown>, context: Record<string, unknown>): ProfilePatch {
  const p: ProfilePatch = { attributes: {} };
  const given = str(traits.firstName) ?? str(traits.first_name);
  const family = str(traits.lastName) ?? str(traits.last_name);
  const name = str(traits.name);
  if (given) p.givenName = given.slice(0, 100);
  if (family) p.familyName = family.slice(0, 100);
  if (name) p.fullName = name.slice(0, 200);
  const birthday = str(traits.birthday)?.slice(0, 10);
  if (birthday && /^\d{4}-\d{2}-\d{2}$/.test(birthday) && !Number.isNaN(Date.parse(birthday)))
    p.birthday = birthday;
  const address = addressOf(traits.address);
  if (address) p.address = address;
  const locale = str(context.locale);
  if (locale && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(locale))
    p.locale = locale.replace('_', '-').slice(0, 35);
  const tz = str(context.timezone);
  if (tz && isTimeZone(tz)) p.timeZone = tz;
  for (const [k, v] of Object.entries(traits))
    if (!RESERVED_TRAITS.has(k) && v !== undefined) p.attributes[k] = v;
  return p;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Context worth keeping on a touch point: where it came from, not who the device was. */
function contextProperties(ctx: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const page = obj(ctx.page);
  if (page) {
    for (const k of ['url', 'path', 'title', 'referrer']) if (str(page[k])) out[`page_${k}`] = str(page[k]);
  }
  if (obj(ctx.campaign)) out.campaign = ctx.campaign;
  const lib = obj(ctx.library);
  if (lib && str(lib.name)) out.library = str(lib.name);
  return out;
}

/**
 * Everything the service needs from one validated event. Identities are normalised as the
 * identities table stores them; an e-mail or phone trait that is not one is left out.
 */
export function prepareEvent(
  e: IncomingEvent,
  opts: { receivedAt: Date; userIdSource: string; country: CountryCode; messageId: string },
): PreparedEvent {
  const context = e.context ?? {};
  const traits = {
    ...(obj(context.traits) ?? {}),
    ...(e.type === 'identify' ? (e.traits ?? {}) : {}),
  };
  const identities: IdentityRef[] = [];
  const raw = new Map<string, string>();
  if (e.userId) identities.push({ kind: 'external_id', source: opts.userIdSource, value: e.userId });
  const email = str(traits.email);
  const normEmail = email ? normalizeEmail(email) : null;
  if (normEmail) {
    identities.push({ kind: 'email', source: '', value: normEmail });
    raw.set(`email:${normEmail}`, email!);
  }
  const phone = str(traits.phone);
  const normPhone = phone ? normalizePhone(phone, opts.country) : null;
  if (normPhone) {
    identities.push({ kind: 'phone', source: '', value: normPhone });
    raw.set(`phone:${normPhone}`, phone!);
  }
  if (e.anonymousId) identities.push({ kind: 'anonymous', source: '', value: e.anonymousId });

  let touchpoint: PreparedEvent['touchpoint'] = null;
  switch (e.type) {
    case 'identify':
      break;
    case 'track': {
      const props = e.properties ?? {};
      const s = props.satisfaction;
      touchpoint = {
        channel: channelOf(e, props),
        type: typeSlug(e.event),
        properties: { ...props, event: e.event, ...contextProperties(context) },
        satisfaction: Number.isInteger(s) && (s as number) >= 1 && (s as number) <= 5 ? (s as number) : null,
      };
      break;
    }
    case 'page': {
      const props = e.properties ?? {};
      touchpoint = {
        channel: channelOf(e, props),
        type: 'web_visit',
        properties: {
          ...props,
          ...(e.name ? { name: e.name } : {}),
          ...(e.category ? { category: e.category } : {}),
          ...contextProperties(context),
        },
        satisfaction: null,
      };
      break;
    }
    default:
      return assertNever(e);
  }
  return {
    type: e.type,
    messageId: opts.messageId,
    occurredAt: occurredAt(e, opts.receivedAt),
    identities,
    raw,
    profile: profileOf(traits, context),
    touchpoint,
  };
}

/** The profile a customer has after one event's traits; a field set by a later event stays. */
export interface ProfileState {
  givenName: string | null;
  familyName: string | null;
  fullName: string;
  birthday: string | null;
  address: PostalAddress | null;
  locale: string | null;
  timeZone: string | null;
  attributes: Record<string, unknown>;
  traitTimes: Record<string, string>;
}

/**
 * Applies a patch that happened at `at`: each field (and each attribute) only if no newer event
 * set it. A name given in parts rebuilds the display name unless the event named it whole.
 * Returns whether the state changed (a field's value or the time it was last set).
 */
export function applyProfile(state: ProfileState, patch: ProfilePatch, at: Date): boolean {
  const iso = at.toISOString();
  let changed = false;
  const newer = (field: string) => {
    const prev = state.traitTimes[field];
    return !prev || prev <= iso;
  };
  const set = <K extends keyof ProfileState>(field: K, value: ProfileState[K]) => {
    if (!newer(field)) return false;
    if (state.traitTimes[field] !== iso) changed = true;
    state.traitTimes[field] = iso;
    if (JSON.stringify(state[field]) === JSON.stringify(value)) return false;
    state[field] = value;
    changed = true;
    return true;
  };
  let partsChanged = false;
  if (patch.givenName !== undefined) partsChanged = set('givenName', patch.givenName) || partsChanged;
  if (patch.familyName !== undefined) partsChanged = set('familyName', patch.familyName) || partsChanged;
  if (patch.fullName !== undefined) set('fullName', patch.fullName);
  else if (partsChanged) {
    const joined = [state.givenName, state.familyName].filter(Boolean).join(' ');
    if (joined && joined !== state.fullName) {
      state.fullName = joined;
      changed = true;
    }
  }
  if (patch.birthday !== undefined) set('birthday', patch.birthday);
  if (patch.address !== undefined) set('address', patch.address);
  if (patch.locale !== undefined) set('locale', patch.locale);
  if (patch.timeZone !== undefined) set('timeZone', patch.timeZone);
  for (const [k, v] of Object.entries(patch.attributes)) {
    const field = `attributes.${k}`;
    if (!newer(field)) continue;
    if (state.traitTimes[field] !== iso) changed = true;
    state.traitTimes[field] = iso;
    if (JSON.stringify(state.attributes[k]) !== JSON.stringify(v)) {
      state.attributes = { ...state.attributes, [k]: v };
      changed = true;
    }
  }
  return changed;
}
