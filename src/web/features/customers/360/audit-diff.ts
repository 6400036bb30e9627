import { humanPath } from '../../../lib/api.js';
import type { Formatter } from '../../../lib/format.js';

/** One field an audited write changed: its dot path and the values on either side. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * Bookkeeping every write touches; listing it on each entry would bury the change itself
 * (who and when are shown on the entry already).
 */
const NOISE = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedBy']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Plain objects become dot paths (`address.city`); arrays and dates stay whole values. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (!prefix && NOISE.has(key)) continue;
      flatten(v, prefix ? `${prefix}.${key}` : key, out);
    }
    return;
  }
  if (prefix) out.set(prefix, value);
}

const normalise = (v: unknown): unknown => (v === undefined || v === '' ? null : v);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/**
 * The fields that differ between an audit entry's `before` and `after`, in the order the
 * record lists them. A create (no before) lists what it set; a delete what it cleared. An
 * object that appears or disappears (an address) counts field by field, so "city: — → Leeds".
 * @example changedFields({ tags: ['vip'] }, { tags: [] }) // [{ field: 'tags', before: ['vip'], after: [] }]
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  flatten(before, '', b);
  flatten(after, '', a);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields
    .filter((field) => !same(b.get(field), a.get(field)))
    .map((field) => ({ field, before: b.get(field) ?? null, after: a.get(field) ?? null }));
}

const FIELD_LABELS: Record<string, string> = {
  fullName: 'Display name',
  givenName: 'Given name',
  familyName: 'Family name',
  emails: 'E-mails',
  phones: 'Phones',
  primaryEmail: 'Primary e-mail',
  primaryPhone: 'Primary phone',
  prefersHumanService: 'Prefers a human',
  timeZone: 'Time zone',
  deletedAt: 'Deleted',
};

/** `address.postalCode` → "Address postal code"; known fields by their form label. */
export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const text = humanPath(field);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const isContactPoint = (v: unknown): v is { value: string; label?: string; primary?: boolean } =>
  isPlainObject(v) && typeof v.value === 'string';

/**
 * An audited value as short text: nothing as "—", booleans as Yes/No, instants in the workspace's
 * zone, calendar days (birthdays) as dates, e-mail and phone lists by their values (the primary one marked).
 */
export function formatAuditValue(value: unknown, fmt: Pick<Formatter, 'date' | 'dateTime'>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return fmt.dateTime(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return fmt.date(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value
      .map((v) =>
        isContactPoint(v) ? `${v.value}${v.primary ? ' (primary)' : ''}` : formatAuditValue(v, fmt),
      )
      .join(', ');
  }
  return JSON.stringify(value);
}

const VERBS: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  restore: 'Restored',
  merge: 'Merged',
  unmerge: 'Unmerged',
  erase: 'Erased',
  export: 'Exported',
};

/** `customer.update` → "Updated"; an action of another shape reads as its words. */
export function actionLabel(action: string): string {
  const verb = action.split('.').at(-1) ?? action;
  return VERBS[verb] ?? humanPath(action.replace(/[._]/g, ' ')).replace(/^./, (c) => c.toUpperCase());
}
