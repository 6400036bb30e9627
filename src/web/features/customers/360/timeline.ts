import type { TimelineEntry, TimelineKind } from '../../../../shared/contracts/customers.js';
import { typeLabel } from '../../../../shared/contracts/touchpoint-types.js';
import { CHANNEL_LABELS } from '../../../../shared/contracts/touchpoints.js';
import type { Formatter } from '../../../lib/format.js';

/** Entries of one calendar day (in the workspace's time zone), newest first as the server sends them. */
export interface TimelineDay {
  day: string;
  entries: TimelineEntry[];
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day `YYYY-MM-DD` of an instant in a time zone. */
export function dayKey(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/**
 * Consecutive entries grouped by the day they happened, keeping the server's order, so a page
 * that arrives later extends the last day instead of starting a second one.
 */
export function groupByDay(entries: readonly TimelineEntry[], timeZone: string): TimelineDay[] {
  const days: TimelineDay[] = [];
  for (const entry of entries) {
    const day = dayKey(entry.occurredAt, timeZone);
    const last = days.at(-1);
    if (last?.day === day) last.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  return days;
}

/** "Today", "Yesterday", else the date the workspace's way. */
export function dayLabel(day: string, now: Date, fmt: Pick<Formatter, 'date' | 'timeZone'>): string {
  if (day === dayKey(now, fmt.timeZone)) return 'Today';
  if (day === dayKey(new Date(now.getTime() - 86_400_000), fmt.timeZone)) return 'Yesterday';
  return fmt.date(day);
}

const NO_LABELS: ReadonlyMap<string, string> = new Map();

/** `check_in` → "Check in", `page_view` → "Page view": event types as words, as the server words them. */
export function humanType(type: string): string {
  return typeLabel(type, NO_LABELS);
}

/** The workspace's label of the entry's channel, as the server sent it. */
function channelLabelOf(entry: TimelineEntry): string | null {
  if (!entry.channel) return null;
  return entry.channelLabel ?? CHANNEL_LABELS[entry.channel];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/**
 * The headline of an entry: a touch point's type as the catalogue names it, "Order #A-1001", or
 * "Note by Ann".
 * (A note's body is shown in full beneath, not here.)
 */
export function entryTitle(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'touchpoint':
      return entry.typeLabel || humanType(entry.type);
    case 'order': {
      const ref = str(entry.properties.externalId);
      return ref ? `Order #${ref}` : 'Order';
    }
    case 'note': {
      const author = str(entry.properties.author);
      return author ? `Note by ${author}` : 'Note';
    }
    case 'case': {
      const ref = str(entry.properties.reference);
      return ref ? `${entry.typeLabel} · ${ref}` : entry.typeLabel;
    }
  }
}

/** `roomType`, `room_type` → "room type"; `firstChannel` → "first channel". */
export function keyWords(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Keys the UI already shows elsewhere, or ids that mean nothing to people. */
const HIDDEN_PROPERTIES = new Set(['orderId', 'customerId', 'messageId']);
const MAX_DETAILS = 4;

/**
 * The line under the headline. A touch point: its channel and up to four simple properties the
 * source sent ("Front desk · room 412 · nights 3"). An order: items, total in the workspace's
 * money format, location. A note: nothing (its body is the content).
 */
export function entryDetails(entry: TimelineEntry, fmt: Pick<Formatter, 'money' | 'number'>): string {
  switch (entry.kind) {
    case 'touchpoint': {
      const channel = channelLabelOf(entry);
      // "Chat" under a "Chat" headline says nothing new.
      const parts = channel && channel.toLowerCase() !== entryTitle(entry).toLowerCase() ? [channel] : [];
      let shown = 0;
      for (const [key, value] of Object.entries(entry.properties)) {
        if (shown >= MAX_DETAILS || HIDDEN_PROPERTIES.has(key)) continue;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
          const label = keyWords(key).toLowerCase();
          parts.push(typeof value === 'boolean' ? (value ? label : `not ${label}`) : `${label} ${value}`);
          shown += 1;
        }
      }
      return parts.join(' · ');
    }
    case 'order': {
      const p = entry.properties;
      const channel = channelLabelOf(entry);
      const parts: string[] = channel ? [channel] : [];
      const items = num(p.itemCount);
      if (items) parts.push(`${fmt.number(items)} ${Math.abs(items) === 1 ? 'item' : 'items'}`);
      const total = num(p.totalMinor);
      const currency = str(p.currency);
      if (total !== null && currency) parts.push(fmt.money(total, currency));
      const location = str(p.location);
      if (location) parts.push(location);
      return parts.join(' · ');
    }
    case 'note':
      return '';
    case 'case':
      // The summary without the reference, which the headline carries: the customer's words as text.
      return entry.type === 'case_opened' ? (str(entry.properties.subject) ?? '') : entry.summary;
  }
}

/** An order's status worth a badge: anything but completed. */
export function orderStatusBadge(entry: TimelineEntry): string | null {
  return entry.kind === 'order' && entry.type !== 'completed' ? entry.type : null;
}

/** Colour of a 1–5 satisfaction rating: unhappy red, neutral yellow, happy green. */
export function satisfactionColor(rating: number): string {
  if (rating <= 2) return 'red';
  if (rating === 3) return 'yellow';
  return 'green';
}

export const KIND_LABELS: Record<TimelineKind, string> = {
  touchpoint: 'Touch points',
  order: 'Orders',
  note: 'Notes',
  case: 'Cases',
};

/**
 * Why the timeline is empty, for the empty state: a filter that cannot match (notes have no
 * channel) says so instead of suggesting the customer has no history.
 */
export function emptyTimelineMessage(filters: {
  channel?: string | undefined;
  kind?: TimelineKind | undefined;
  type?: string | undefined;
}): {
  title: string;
  body: string;
} {
  if (filters.kind === 'note' && filters.channel) {
    return { title: 'Notes have no channel', body: 'Clear the channel filter to see the notes.' };
  }
  if (filters.type && filters.kind && filters.kind !== 'touchpoint') {
    return { title: 'Only touch points have a type', body: 'Clear the type filter to see orders and notes.' };
  }
  if (filters.kind || filters.channel || filters.type) {
    return {
      title: 'Nothing matches these filters',
      body: 'Try another channel or kind, or clear the filters.',
    };
  }
  return {
    title: 'No history yet',
    body: 'Touch points, orders and notes appear here as they happen.',
  };
}
