import { z } from 'zod';
import { Customer360 } from './customers.js';

import { DEFAULT_EXTERNAL_ID_SOURCE } from './identities.js';

export { DEFAULT_EXTERNAL_ID_SOURCE };

/** The identifiers a lookup can match on, as query parameters. */
export const LOOKUP_PARAMETERS = ['email', 'phone', 'externalId'] as const;

/**
 * Exactly one of email, phone or externalId (checked by the service, which names the
 * parameters); `source` only with externalId.
 */
export const LookupQuery = z.object({
  email: z.string().max(254).optional().describe('any case; matched lower-case'),
  phone: z
    .string()
    .max(40)
    .optional()
    .describe("as typed (spaces, national format); read in the workspace's country without a +"),
  externalId: z.string().max(200).optional().describe("the customer's id in another system"),
  source: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe(`the system of externalId; default '${DEFAULT_EXTERNAL_ID_SOURCE}', as CSV imports name it`),
});
export type LookupQuery = z.infer<typeof LookupQuery>;

/** The 360 summary of the matched customer, and what matched (normalised as stored). */
export const CustomerLookup = Customer360.extend({
  matchedBy: z.object({
    kind: z.enum(['email', 'phone', 'external_id']),
    source: z.string().describe("'' for e-mail and phone"),
    value: z.string().describe('the normalised value that matched, e.g. +447911123456'),
  }),
});
export type CustomerLookup = z.infer<typeof CustomerLookup>;
