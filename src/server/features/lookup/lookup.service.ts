import type { CountryCode } from 'libphonenumber-js/max';
import {
  type CustomerLookup,
  DEFAULT_EXTERNAL_ID_SOURCE,
  LOOKUP_PARAMETERS,
  LookupQuery,
} from '../../../shared/contracts/lookup.js';
import { normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import { requirePermission } from '../auth/auth.policy.js';
import { toCustomer } from '../customers/customers.service.js';
import { orderSummaryOf } from '../orders/orders.service.js';
import { type TouchpointTypesService, vocabularyOf } from '../touchpoint-types/touchpoint-types.service.js';
import { toTimelineEntry } from '../touchpoints/touchpoints.service.js';
import type { LookupRepo } from './lookup.repo.js';

/** Touch points a screen pop shows: the last few, not the 360's page. */
export const LOOKUP_TIMELINE_SIZE = 5;

type Matched = CustomerLookup['matchedBy'];

/**
 * Finds the one customer an e-mail, phone or external id belongs to and answers their 360
 * summary: what a call-centre screen pops when a call comes in. Inputs are normalised as
 * identities are stored (e-mail lower-case, phone E.164 in the workspace's country).
 *
 * The 360's shape through the 360's own mappers (toCustomer, orderSummaryOf, toTimelineEntry)
 * from one statement: the full 360 service issued a dozen queries per pop and missed the
 * p99 < 50 ms target under load (docs/decisions.md). The timeline here is touch points only.
 */
export function createLookupService(deps: {
  repo: LookupRepo;
  catalogue: Pick<TouchpointTypesService, 'ensure'>;
  phoneCountry: (workspaceId: string) => Promise<CountryCode>;
}) {
  /** The identity the query names, normalised; VALIDATION_FAILED naming the parameter otherwise. */
  async function identityOf(actor: Actor, q: LookupQuery): Promise<Matched> {
    const given = LOOKUP_PARAMETERS.filter((p) => q[p] !== undefined);
    if (given.length === 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        LOOKUP_PARAMETERS.map((p) => ({
          path: `querystring.${p}`,
          message: 'give one of email, phone or externalId',
        })),
        'Give one of email, phone or externalId',
      );
    }
    if (given.length > 1) {
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        given.map((p) => ({ path: `querystring.${p}`, message: `give only one of ${given.join(', ')}` })),
        `Give only one of ${given.join(', ')}`,
      );
    }
    if (q.source !== undefined && q.externalId === undefined) {
      throw invalidField('querystring.source', 'only goes with externalId');
    }
    if (q.email !== undefined) {
      const value = normalizeEmail(q.email);
      if (!value) throw invalidField('querystring.email', 'is not a valid e-mail address');
      return { kind: 'email', source: '', value };
    }
    if (q.phone !== undefined) {
      const value = normalizePhone(q.phone, await deps.phoneCountry(actor.workspaceId));
      if (!value) throw invalidField('querystring.phone', 'is not a valid phone number');
      return { kind: 'phone', source: '', value };
    }
    // Stored trimmed, as prepareContacts and the import store external ids.
    const value = (q.externalId ?? '').trim();
    if (!value) throw invalidField('querystring.externalId', 'is empty');
    return { kind: 'external_id', source: q.source ?? DEFAULT_EXTERNAL_ID_SOURCE, value };
  }

  async function lookup(actor: Actor, input: LookupQuery): Promise<CustomerLookup> {
    requirePermission(actor, 'crm:read');
    const matchedBy = await identityOf(actor, LookupQuery.parse(input));
    // Before the read, which joins the catalogue for labels.
    await deps.catalogue.ensure(actor);
    const s = await deps.repo.findByIdentity(actor.workspaceId, matchedBy, LOOKUP_TIMELINE_SIZE);
    if (!s) {
      throw new AppError(
        'CUSTOMER_NOT_FOUND',
        { matchedBy },
        [],
        'No customer of this workspace has this identifier',
      );
    }
    const vocabulary = vocabularyOf(s);
    return {
      customer: toCustomer(s.customer),
      identities: s.identities,
      orderSummary: orderSummaryOf(s.orderTotals),
      timeline: s.touchpoints.map((t) =>
        toTimelineEntry(
          {
            ...t,
            kind: 'touchpoint',
            externalId: null,
            location: null,
            currency: null,
            totalMinor: null,
            itemCount: null,
          },
          vocabulary,
        ),
      ),
      openTasks: s.openTasks,
      companies: s.companies,
      matchedBy,
    };
  }

  return { lookup };
}
export type LookupService = ReturnType<typeof createLookupService>;
