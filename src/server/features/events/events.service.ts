import type { CountryCode } from 'libphonenumber-js/max';
import {
  EVENT_MAX_BYTES,
  EVENT_SCHEMAS,
  type EventRejection,
  type EventType,
  type IncomingEvent,
  type IngestResult,
} from '../../../shared/contracts/events.js';
import type { IdentitySettings } from '../../../shared/contracts/identities.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import { buildSearchText } from '../customers/customer-row.js';
import {
  compileBlocklist,
  type Dropped,
  type IdentityRef,
  identityKey,
  planResolution,
} from '../identity/identity.core.js';
import type { MergesService } from '../identity/merges.service.js';
import { applyProfile, derivedMessageId, type PreparedEvent, prepareEvent } from './events.core.js';
import type { EventCustomer, EventsRepo, NewEventTouchpoint } from './events.repo.js';

const keyOf = (i: { kind: Parameters<typeof identityKey>[0]; source: string; value: string }) =>
  identityKey(i.kind, i.source, i.value);

/** A customer with nothing known but its id, as resolution creates one. */
function blankCustomer(id: string, at: Date): EventCustomer {
  return {
    id,
    givenName: null,
    familyName: null,
    fullName: '',
    emails: [],
    phones: [],
    address: null,
    birthday: null,
    locale: null,
    timeZone: null,
    attributes: {},
    traitTimes: {},
    createdAt: at,
  };
}

/** An e-mail or phone identity the customer gains goes on its contact list too (the first is primary). */
function addContact(c: EventCustomer, i: IdentityRef): void {
  if (i.kind !== 'email' && i.kind !== 'phone') return;
  const list = i.kind === 'email' ? c.emails : c.phones;
  if (!list.some((x) => x.value === i.value)) list.push({ value: i.value, primary: list.length === 0 });
}

/** Someone who wrote to the business: their identities (normalised, as stored) and the name they gave. */
export interface Sender {
  identities: readonly IdentityRef[];
  /** identityKey → the value as typed, kept as the identity's raw value. */
  raw?: ReadonlyMap<string, string>;
  fullName?: string | null;
}

/** One event as it arrived: the type its endpoint or `type` field gives, and its JSON. */
export interface RawEvent {
  type: EventType | undefined;
  body: unknown;
}

/**
 * Event ingestion (Segment / RudderStack HTTP spec). A batch is one transaction: its message ids
 * are claimed first in the persisted ledger (a re-delivery — sequential, concurrent or after a
 * crash — finds them and is not applied again), then each new event is resolved to a customer
 * (creating or merging customers as its identities say), its traits update the profile unless a
 * newer event set the field, and a track or page call becomes a touch point at the time it
 * happened. A crash before commit leaves nothing, so sending the batch again is safe.
 */
export function createEventsService(deps: {
  tx: Database['tx'];
  repo: EventsRepo;
  identity: { settings(workspaceId: string): Promise<IdentitySettings> };
  merges: Pick<MergesService, 'mergeInTx'>;
  phoneCountry: (workspaceId: string) => Promise<CountryCode>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  function validate(
    raw: readonly RawEvent[],
    opts: {
      receivedAt: Date;
      userIdSource: string;
      country: CountryCode;
      isBlocked: (value: string) => boolean;
      batchContext?: Record<string, unknown> | undefined;
      batchSentAt?: string | undefined;
    },
  ): { valid: (PreparedEvent & { index: number })[]; rejected: EventRejection[]; duplicates: number } {
    const valid: (PreparedEvent & { index: number })[] = [];
    const rejected: EventRejection[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    for (const [index, r] of raw.entries()) {
      const body = r.body;
      const messageIdOf = () =>
        body && typeof body === 'object' && typeof (body as { messageId?: unknown }).messageId === 'string'
          ? ((body as { messageId: string }).messageId as string)
          : null;
      const reject = (errors: EventRejection['errors']) =>
        rejected.push({ index, messageId: messageIdOf(), errors });
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        reject([{ path: '', message: 'must be a JSON object' }]);
        continue;
      }
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > EVENT_MAX_BYTES) {
        reject([
          {
            path: '',
            message: `is ${bytes} bytes; an event may be at most ${EVENT_MAX_BYTES} bytes (32 KB)`,
          },
        ]);
        continue;
      }
      const type = r.type ?? (body as { type?: unknown }).type;
      if (type !== 'identify' && type !== 'track' && type !== 'page') {
        reject([{ path: 'type', message: 'must be identify, track or page' }]);
        continue;
      }
      const withEnvelope = {
        ...(opts.batchContext ? { context: opts.batchContext } : {}),
        ...(opts.batchSentAt ? { sentAt: opts.batchSentAt } : {}),
        ...(body as Record<string, unknown>),
      };
      const parsed = EVENT_SCHEMAS[type].safeParse(withEnvelope);
      if (!parsed.success) {
        reject(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        continue;
      }
      const event = { ...parsed.data, type } as IncomingEvent;
      const prepared = prepareEvent(event, {
        ...opts,
        messageId: event.messageId ?? derivedMessageId(body as Record<string, unknown>),
      });
      if (!prepared.identities.some((i) => !opts.isBlocked(i.value))) {
        reject([
          {
            path: event.userId ? 'userId' : 'anonymousId',
            message: 'is a blocked value (a placeholder such as "null" or "0000"), so the event names nobody',
          },
        ]);
        continue;
      }
      const { messageId } = prepared;
      if (seen.has(messageId)) {
        duplicates++;
        continue;
      }
      seen.add(messageId);
      valid.push({ ...prepared, index });
    }
    return { valid, rejected, duplicates };
  }

  async function ingest(
    actor: Actor,
    raw: readonly RawEvent[],
    envelope: { context?: Record<string, unknown> | undefined; sentAt?: string | undefined } = {},
  ): Promise<IngestResult> {
    requirePermission(actor, 'crm:write');
    const ws = actor.workspaceId;
    const receivedAt = clock.now();
    const settings = await deps.identity.settings(ws);
    const {
      valid,
      rejected,
      duplicates: inBatch,
    } = validate(raw, {
      receivedAt,
      userIdSource: settings.userIdSource,
      country: await deps.phoneCountry(ws),
      isBlocked: compileBlocklist(settings.blockedValues),
      batchContext: envelope.context,
      batchSentAt: envelope.sentAt,
    });
    const result: IngestResult = {
      accepted: 0,
      duplicates: inBatch,
      rejected,
      customersCreated: 0,
      merges: 0,
    };
    if (!valid.length) return result;

    return deps.tx(async () => {
      const by = actorRef(actor);
      await repo.preferIndexProbes();
      const claimed = await repo.claim(ws, valid, receivedAt);
      const work = valid.filter((e) => claimed.has(e.messageId));
      result.duplicates += valid.length - work.length;
      if (!work.length) return result;

      const refs = work.flatMap((e) => e.identities);
      await repo.lockIdentities(ws, refs);
      const loaded = await repo.loadOwners(ws, refs);
      const { owners, held } = loaded;
      const customers = new Map<string, EventCustomer>(loaded.customers.map((c) => [c.id, c]));
      const createdAt = new Map(loaded.customers.map((c) => [c.id, c.createdAt]));
      // Never-merge pairs matter only when an event names two customers: rare, so read lazily.
      const linksTwo = work.some(
        (e) => new Set(e.identities.map((i) => owners.get(keyOf(i))).filter(Boolean)).size > 1,
      );
      const blocked = linksTwo ? await repo.blockedPairs(ws, [...customers.keys()]) : new Set<string>();

      const fresh = new Set<string>();
      const dirty = new Set<string>();
      let identities: {
        id: string;
        customerId: string;
        kind: PreparedEvent['identities'][number]['kind'];
        source: string;
        value: string;
        rawValue: string | null;
      }[] = [];
      let touchpoints: NewEventTouchpoint[] = [];
      const drops: { messageId: string; customerId: string; dropped: Dropped }[] = [];

      const flush = async () => {
        const state = (id: string) => {
          const c = customers.get(id)!;
          return { ...c, searchText: buildSearchText(c.fullName, c.emails, c.phones) };
        };
        await repo.writeCustomers(
          ws,
          [...fresh].map(state),
          [...dirty].filter((id) => !fresh.has(id)).map(state),
          receivedAt,
          by,
        );
        await repo.insertIdentities(ws, identities, receivedAt);
        await repo.insertTouchpoints(ws, touchpoints, receivedAt, by);
        fresh.clear();
        dirty.clear();
        identities = [];
        touchpoints = [];
      };

      for (const e of work) {
        const plan = planResolution({
          settings,
          incoming: e.identities,
          owners,
          held,
          createdAt,
          isBlockedPair: (a, b) => blocked.has(a < b ? `${a}|${b}` : `${b}|${a}`),
        });
        if (plan.customerId === null && plan.attach.length === 0) {
          // Possible only when every identity was dropped for a rule (not used for matching and
          // owned by someone else); blocked values were refused before the claim.
          rejected.push({
            index: e.index,
            messageId: e.messageId,
            errors: [
              {
                path: 'userId',
                message: 'names nobody: each of its ids is blocked or not used for matching',
              },
            ],
          });
          continue;
        }
        for (const m of plan.merges) {
          // The merge reads and writes the database, so what this batch holds in memory goes first.
          await flush();
          await deps.merges.mergeInTx(actor, m.survivorId, m.mergedId, 'event', {
            messageId: e.messageId,
            identity: m.via,
          });
          result.merges++;
          for (const [k, owner] of owners) if (owner === m.mergedId) owners.set(k, m.survivorId);
          held.set(m.survivorId, [...(held.get(m.survivorId) ?? []), ...(held.get(m.mergedId) ?? [])]);
          held.delete(m.mergedId);
          customers.delete(m.mergedId);
          const [reloaded] = await repo.lockCustomers(ws, [m.survivorId]);
          if (reloaded) customers.set(m.survivorId, reloaded);
        }
        let customerId = plan.customerId;
        if (customerId === null) {
          customerId = newId();
          customers.set(customerId, blankCustomer(customerId, receivedAt));
          createdAt.set(customerId, receivedAt);
          fresh.add(customerId);
          result.customersCreated++;
        }
        const c = customers.get(customerId)!;
        for (const i of plan.attach) {
          owners.set(keyOf(i), customerId);
          const holds = held.get(customerId);
          if (holds) holds.push(i);
          else held.set(customerId, [i]);
          identities.push({
            id: newId(),
            customerId,
            ...i,
            rawValue: e.raw.get(`${i.kind}:${i.value}`) ?? i.value,
          });
          addContact(c, i);
          dirty.add(customerId);
        }
        if (applyProfile(c, e.profile, e.occurredAt)) dirty.add(customerId);
        if (e.touchpoint) {
          touchpoints.push({
            id: newId(),
            customerId,
            messageId: e.messageId,
            occurredAt: e.occurredAt,
            ...e.touchpoint,
          });
        }
        for (const d of plan.dropped) {
          if (d.reason !== 'blocked_value') drops.push({ messageId: e.messageId, customerId, dropped: d });
        }
        result.accepted++;
      }
      await flush();
      for (const d of drops) {
        await deps.audit.record(actor, {
          action: 'identity.dropped',
          entityType: 'customer',
          entityId: d.customerId,
          after: {
            messageId: d.messageId,
            identity: d.dropped.identity,
            reason: d.dropped.reason,
            belongsTo: d.dropped.ownerId,
          },
        });
      }
      return result;
    });
  }

  /**
   * The customer an unverified sender (a web form, an e-mail, a chat) is, by the same
   * resolution rules events follow (priority, blocked values, kinds not used for matching,
   * limits): the first identity in priority order that names a live customer picks them. What
   * an unverified sender says is never trusted to change a profile, so it merges no customers
   * and adds no identities to the one found: whoever types someone's e-mail beside their own
   * phone must not join two people or plant a number on a profile. A sender naming nobody
   * becomes a new customer, marked provisional, with their e-mail and phone on its profile and
   * as its identities — except identities someone else keeps (a customer in the trash, or a
   * kind the rules do not match on), which stay theirs. The identities are locked until the
   * caller's transaction ends, so two submissions at once create one customer. Null when every
   * identity is a blocked value.
   */
  async function resolveSender(
    actor: Actor,
    sender: Sender,
  ): Promise<{ customerId: string; created: boolean } | null> {
    requirePermission(actor, 'crm:write');
    const ws = actor.workspaceId;
    const settings = await deps.identity.settings(ws);
    return deps.tx(async () => {
      await repo.lockIdentities(ws, sender.identities);
      const loaded = await repo.loadOwners(ws, sender.identities);
      // A customer in the trash keeps its identities but is not filed on; it names nobody here.
      const deleted = new Set(loaded.customers.filter((c) => c.deletedAt).map((c) => c.id));
      const owners = new Map([...loaded.owners].filter(([, id]) => !deleted.has(id)));
      const plan = planResolution({
        settings,
        incoming: sender.identities,
        owners,
        held: loaded.held,
        createdAt: new Map(loaded.customers.map((c) => [c.id, c.createdAt])),
        // Every second customer named is left alone: nothing is merged on an unverified word.
        isBlockedPair: () => true,
      });
      if (plan.customerId !== null) return { customerId: plan.customerId, created: false };
      const isBlocked = compileBlocklist(settings.blockedValues);
      const usable = sender.identities.filter((i) => !isBlocked(i.value));
      if (!usable.length) return null;
      const now = clock.now();
      const customerId = newId();
      const c: EventCustomer = { ...blankCustomer(customerId, now), provisional: true };
      if (sender.fullName) c.fullName = sender.fullName;
      for (const i of usable) addContact(c, i);
      // An identity someone keeps stays theirs (restoring a deleted customer must not clash):
      // the new customer has the address on its profile only.
      const attach = plan.attach.filter((i) => !loaded.owners.has(keyOf(i)));
      await repo.writeCustomers(
        ws,
        [{ ...c, searchText: buildSearchText(c.fullName, c.emails, c.phones) }],
        [],
        now,
        actorRef(actor),
      );
      await repo.insertIdentities(
        ws,
        attach.map((i) => ({
          id: newId(),
          customerId,
          ...i,
          rawValue: sender.raw?.get(keyOf(i)) ?? i.value,
        })),
        now,
      );
      return { customerId, created: true };
    });
  }

  return { ingest, resolveSender };
}
export type EventsService = ReturnType<typeof createEventsService>;
