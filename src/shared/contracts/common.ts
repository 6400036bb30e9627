import { z } from 'zod';

export const ROLES = ['admin', 'manager', 'agent', 'marketer', 'analyst'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Where a customer met the brand. */
export const CHANNELS = [
  'web',
  'app',
  'email',
  'phone',
  'sms',
  'chat',
  'store',
  'front_desk',
  'restaurant',
  'spa',
  'social',
  'post',
  'other',
] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const Id = z.uuid({ message: 'must be a UUID' });

export const IdParams = z.object({ id: Id });

/** ISO 4217 code, upper case. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR')
  .describe('ISO 4217 currency code');

/** Money in integer minor units (cents) — never floats. */
export const MinorUnits = z.number().int('must be whole minor units (cents)').describe('integer minor units');

export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const IsoDate = z.iso.date({ message: 'must be a date like 1990-04-23' });

export const Tag = z.string().trim().min(1).max(50);

export const ActorRef = z.object({
  type: z.enum(['user', 'api_key', 'system']),
  id: z.string().nullable(),
  name: z.string(),
});
export type ActorRef = z.infer<typeof ActorRef>;

/** Query parameters every list endpoint accepts. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * A query parameter naming one or more of `values`, repeated or comma-separated.
 * @example queryList(['open', 'done']) // accepts `status=open&status=done` and `status=open,done`
 */
export function queryList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.flatMap((s) => String(s).split(',')) : v,
    z.array(z.enum(values)).min(1).max(values.length),
  );
}

/** Boolean in a query string: `true`/`false`/`1`/`0`. */
export const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const JsonObject = z.record(z.string(), z.unknown());

/** BCP 47 tag that Intl understands, e.g. en-GB, de-DE. */
export const Locale = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'is not a language tag such as en-GB');

/** IANA time zone such as Europe/Paris. */
export const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not an IANA time zone such as Europe/Paris');
