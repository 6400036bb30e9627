import {
  CandidateDecision,
  type CandidateListQuery,
  type CandidateScanResult,
  type CustomerSnapshot,
  type DuplicateCandidate,
  type Merge,
  type MergeBlock,
  MergeBlockCreate,
  type MergeListQuery,
  type MergePreview,
  MergeRequest,
  type MergeTrigger,
  UnmergeRequest,
} from '../../../shared/contracts/identities.js';
import type { Database } from '../../db/client.js';
import { type Actor, type ActorRef, actorRef } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import { buildSearchText } from '../customers/customer-row.js';
import { limitWarnings, mergeProfiles, unmergeProfile } from './identity.core.js';
import type { IdentityRow } from './identity.repo.js';
import type { IdentityService } from './identity.service.js';
import {
  type CandidateRow,
  type CustomerRow,
  type MergeRow,
  type MergesRepo,
  orderedPair,
} from './merges.repo.js';

/** Name similarity (trigram, 0–1) a pair needs, besides one matching signal, to be queued. */
export const CANDIDATE_MIN_SIMILARITY = 0.45;

export function snapshotOf(row: CustomerRow, identities: readonly IdentityRow[]): CustomerSnapshot {
  return {
    id: row.id,
    givenName: row.givenName,
    familyName: row.familyName,
    fullName: row.fullName,
    emails: row.emails.map((e) => ({ ...e, primary: Boolean(e.primary) })),
    phones: row.phones.map((p) => ({ ...p, primary: Boolean(p.primary) })),
    address: (row.address as Record<string, unknown> | null) ?? null,
    birthday: row.birthday,
    locale: row.locale,
    timeZone: row.timeZone,
    tags: row.tags,
    attributes: row.attributes,
    prefersHumanService: row.prefersHumanService,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createdBy: row.createdBy,
    identities: identities
      .filter((i) => i.customerId === row.id)
      .map((i) => ({ kind: i.kind, source: i.source, value: i.value })),
  };
}

/** The columns of a customer row a profile sets, with its derived primary contacts and search text. */
function profileColumns(
  p: Omit<CustomerSnapshot, 'id' | 'identities' | 'createdAt' | 'updatedAt' | 'createdBy'>,
) {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    fullName: p.fullName,
    emails: p.emails,
    phones: p.phones,
    primaryEmail: p.emails.find((e) => e.primary)?.value ?? p.emails[0]?.value ?? null,
    primaryPhone: p.phones.find((e) => e.primary)?.value ?? p.phones[0]?.value ?? null,
    address: p.address,
    birthday: p.birthday,
    locale: p.locale,
    timeZone: p.timeZone,
    tags: p.tags,
    attributes: p.attributes,
    prefersHumanService: p.prefersHumanService,
    searchText: buildSearchText(p.fullName, p.emails, p.phones),
  };
}

function toMerge(r: MergeRow, undoBlockedBy: string | null): Merge {
  return {
    id: r.id,
    survivorId: r.survivorId,
    mergedId: r.mergedId,
    trigger: r.trigger,
    evidence: r.evidence,
    survivorBefore: r.survivorBefore,
    mergedBefore: r.mergedBefore,
    survivorAfter: r.survivorAfter,
    decisions: r.decisions,
    movedCounts: r.movedCounts,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    undoneAt: r.undoneAt,
    undoneBy: r.undoneBy,
    undoable: r.undoneAt === null && undoBlockedBy === null,
    undoBlockedBy,
  };
}

function candidateCustomer(c: CustomerRow) {
  return {
    id: c.id,
    fullName: c.fullName,
    primaryEmail: c.primaryEmail,
    primaryPhone: c.primaryPhone,
    birthday: c.birthday,
    city: c.address?.city ?? null,
    createdAt: c.createdAt,
  };
}

function toCandidate(r: CandidateRow & { a: CustomerRow; b: CustomerRow }): DuplicateCandidate {
  return {
    id: r.id,
    score: Math.round(r.score * 100) / 100,
    signals: r.signals,
    status: r.status,
    foundAt: r.foundAt,
    customers: [candidateCustomer(r.a), candidateCustomer(r.b)],
  };
}

/**
 * Merging customers, undoing merges, "never merge" pairs and the duplicates queue. A merge
 * moves every customer-owned row to the survivor and records both customers as they were; an
 * undo puts back exactly the rows it moved and restores both profiles.
 */
export function createMergesService(deps: {
  tx: Database['tx'];
  repo: MergesRepo;
  identity: Pick<IdentityService, 'settings'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  /** Both customers, locked, live, different and not a never-merge pair. */
  async function loadPair(actor: Actor, survivorId: string, mergedId: string) {
    if (survivorId === mergedId) {
      throw new AppError('VALIDATION_FAILED', {}, [
        { path: 'body.mergedId', message: 'must be a different customer from the survivor' },
      ]);
    }
    const rows = await repo.lockCustomers(actor.workspaceId, [survivorId, mergedId]);
    const survivor = rows.find((r) => r.id === survivorId);
    const merged = rows.find((r) => r.id === mergedId);
    for (const [row, id, field] of [
      [survivor, survivorId, 'survivorId'],
      [merged, mergedId, 'mergedId'],
    ] as const) {
      if (!row || row.deletedAt) {
        throw new AppError('CUSTOMER_NOT_FOUND', { id }, [
          {
            path: `body.${field}`,
            message: row?.mergedIntoId
              ? `was merged into ${row.mergedIntoId}`
              : 'no such customer in this workspace',
          },
        ]);
      }
    }
    const [a, b] = orderedPair(survivorId, mergedId);
    const blocks = await repo.blocksOf(actor.workspaceId, [survivorId]);
    if (blocks.some((x) => x.customerA === a && x.customerB === b)) {
      throw new AppError(
        'MERGE_BLOCKED',
        { survivorId, mergedId },
        [],
        'These customers are marked "never merge"',
      );
    }
    const identities = await repo.identitiesOf(actor.workspaceId, [survivorId, mergedId]);
    return {
      survivor: snapshotOf(survivor!, identities),
      merged: snapshotOf(merged!, identities),
    };
  }

  async function previewPair(actor: Actor, survivorId: string, mergedId: string): Promise<MergePreview> {
    const pair = await loadPair(actor, survivorId, mergedId);
    const settings = await deps.identity.settings(actor.workspaceId);
    const { result, decisions } = mergeProfiles(settings, pair.survivor, pair.merged);
    return {
      survivorId,
      mergedId,
      result,
      decisions,
      moves: await repo.countOwned(actor.workspaceId, mergedId),
      warnings: limitWarnings(settings, result.identities),
    };
  }

  /**
   * Merges `mergedId` into `survivorId` inside the caller's transaction; the one path staff,
   * events and imports share. The caller has checked that the actor may write.
   */
  async function mergeInTx(
    actor: Actor,
    survivorId: string,
    mergedId: string,
    trigger: MergeTrigger,
    evidence: Record<string, unknown>,
  ): Promise<Merge> {
    const pair = await loadPair(actor, survivorId, mergedId);
    const settings = await deps.identity.settings(actor.workspaceId);
    const { result, decisions } = mergeProfiles(settings, pair.survivor, pair.merged);
    const now = clock.now();
    const by = actorRef(actor);
    const id = newId();
    const movedCounts = await repo.moveOwned(actor.workspaceId, id, mergedId, survivorId);
    const updated = await repo.updateCustomer(actor.workspaceId, survivorId, {
      ...profileColumns(result),
      updatedAt: now,
      updatedBy: by,
    });
    await repo.updateCustomer(actor.workspaceId, mergedId, {
      deletedAt: now,
      deletedBy: by,
      mergedIntoId: survivorId,
    });
    const identities = await repo.identitiesOf(actor.workspaceId, [survivorId]);
    const row = await repo.insertMerge({
      workspaceId: actor.workspaceId,
      id,
      survivorId,
      mergedId,
      trigger,
      evidence,
      survivorBefore: pair.survivor,
      mergedBefore: pair.merged,
      survivorAfter: snapshotOf(updated!, identities),
      decisions,
      movedCounts,
      createdAt: now,
      createdBy: by,
    });
    await repo.resolvePair(actor.workspaceId, orderedPair(survivorId, mergedId), 'merged', now, by);
    await audit.record(actor, {
      action: 'customer.merge',
      entityType: 'customer',
      entityId: survivorId,
      before: { survivor: pair.survivor, merged: pair.merged },
      after: { survivor: row.survivorAfter, mergeId: id, trigger, evidence, movedCounts },
    });
    return toMerge(row, null);
  }

  /** Why a merge cannot be undone now, or null. */
  async function undoBlocker(actor: Actor, m: MergeRow): Promise<string | null> {
    if (m.undoneAt) return 'it was already undone';
    const [survivor] = await repo.lockCustomers(actor.workspaceId, [m.survivorId]);
    if (!survivor) return 'the surviving customer no longer exists';
    if (survivor.mergedIntoId) {
      const later = await repo.activeMergeOf(actor.workspaceId, survivor.id);
      return later
        ? `the surviving customer was merged again since (merge ${later.id}); undo that one first`
        : 'the surviving customer was merged again since';
    }
    if (survivor.deletedAt) return 'the surviving customer was deleted';
    return null;
  }

  async function loadMerge(actor: Actor, id: string): Promise<MergeRow> {
    const row = await repo.findMerge(actor.workspaceId, id);
    if (!row) throw new AppError('MERGE_NOT_FOUND', { id });
    return row;
  }

  async function block(actor: Actor, ids: [string, string], reason: string, by: ActorRef, now: Date) {
    const [a, b] = orderedPair(ids[0], ids[1]);
    await repo.insertBlock({
      workspaceId: actor.workspaceId,
      customerA: a,
      customerB: b,
      reason,
      createdAt: now,
      createdBy: by,
    });
    await repo.resolvePair(actor.workspaceId, [a, b], 'dismissed', now, by);
    await audit.record(actor, {
      action: 'customer.never_merge',
      entityType: 'customer',
      entityId: a,
      after: { customerIds: [a, b], reason },
    });
  }

  /** Follows merged-away customers to where they live now. */
  async function current(actor: Actor, id: string): Promise<CustomerRow | undefined> {
    let row: CustomerRow | undefined;
    let next: string | null = id;
    for (let hops = 0; next && hops < 20; hops++) {
      [row] = await repo.lockCustomers(actor.workspaceId, [next]);
      next = row?.mergedIntoId ?? null;
    }
    return row;
  }

  return {
    mergeInTx,

    /**
     * Merges two customers an import row (or another system) linked, when the rules allow it:
     * not a never-merge pair, and together within every identity limit. The older survives.
     * A refusal is answered in words and logged, like an event's dropped identity.
     */
    async mergeLinked(
      actor: Actor,
      a: string,
      b: string,
      evidence: Record<string, unknown>,
    ): Promise<{ merged: true } | { merged: false; reason: string }> {
      return deps.tx(async () => {
        const [x, y] = [await current(actor, a), await current(actor, b)];
        if (!x || !y || x.deletedAt || y.deletedAt)
          return { merged: false, reason: 'the other customer was deleted' };
        if (x.id === y.id) return { merged: true };
        const refuse = async (reason: string) => {
          await audit.record(actor, {
            action: 'identity.dropped',
            entityType: 'customer',
            entityId: x.id,
            after: { ...evidence, belongsTo: y.id, reason },
          });
          return { merged: false as const, reason };
        };
        const [p, q] = orderedPair(x.id, y.id);
        if (
          (await repo.blocksOf(actor.workspaceId, [p])).some((k) => k.customerA === p && k.customerB === q)
        ) {
          return refuse('they are marked "never merge"');
        }
        const settings = await deps.identity.settings(actor.workspaceId);
        const held = await repo.identitiesOf(actor.workspaceId, [x.id, y.id]);
        const warnings = limitWarnings(settings, held);
        if (warnings.length) return refuse(`together they would hold ${warnings.join('; ')}`);
        const [survivor, merged] = x.createdAt <= y.createdAt ? [x, y] : [y, x];
        await mergeInTx(actor, survivor.id, merged.id, 'import', evidence);
        return { merged: true };
      });
    },

    /** With `dryRun`, the field-by-field result without changing anything. */
    async merge(actor: Actor, input: MergeRequest): Promise<{ preview: MergePreview } | { merge: Merge }> {
      requirePermission(actor, 'customers:merge');
      const body = MergeRequest.parse(input);
      if (body.dryRun) {
        return { preview: await deps.tx(() => previewPair(actor, body.survivorId, body.mergedId)) };
      }
      return {
        merge: await deps.tx(() =>
          mergeInTx(
            actor,
            body.survivorId,
            body.mergedId,
            'staff',
            body.reason ? { reason: body.reason } : {},
          ),
        ),
      };
    },

    /**
     * Restores both customers and puts back every row the merge moved. By default also marks
     * the pair "never merge", or the next event naming both would merge them again.
     */
    async unmerge(actor: Actor, id: string, input: UnmergeRequest = {}): Promise<Merge> {
      requirePermission(actor, 'customers:merge');
      const body = UnmergeRequest.parse(input);
      return deps.tx(async () => {
        const m = await loadMerge(actor, id);
        const blocker = await undoBlocker(actor, m);
        if (blocker)
          throw new AppError('MERGE_UNDO_BLOCKED', { id }, [], `This merge cannot be undone: ${blocker}`);
        const now = clock.now();
        const by = actorRef(actor);
        const [survivor] = await repo.lockCustomers(actor.workspaceId, [m.survivorId]);
        const currentIds = await repo.identitiesOf(actor.workspaceId, [m.survivorId]);
        const current = snapshotOf(survivor!, currentIds);
        const movedBack = await repo.moveBack(actor.workspaceId, m.id, m.survivorId, m.mergedId);
        const profile = unmergeProfile(m.survivorBefore, m.survivorAfter, current, m.mergedBefore);
        await repo.updateCustomer(actor.workspaceId, m.survivorId, {
          ...profileColumns(profile),
          updatedAt: now,
          updatedBy: by,
        });
        await repo.updateCustomer(actor.workspaceId, m.mergedId, {
          deletedAt: null,
          deletedBy: null,
          mergedIntoId: null,
          updatedAt: now,
          updatedBy: by,
        });
        const row = await repo.markUndone(actor.workspaceId, m.id, now, by);
        if (body.neverMergeAgain) {
          await block(actor, [m.survivorId, m.mergedId], body.reason ?? 'merge undone', by, now);
        }
        await audit.record(actor, {
          action: 'customer.unmerge',
          entityType: 'customer',
          entityId: m.survivorId,
          before: { survivor: current },
          after: { mergeId: m.id, mergedId: m.mergedId, movedBack, neverMergeAgain: body.neverMergeAgain },
        });
        return toMerge(row, 'it was already undone');
      });
    },

    async get(actor: Actor, id: string): Promise<Merge> {
      requirePermission(actor, 'crm:read');
      return deps.tx(async () => {
        const m = await loadMerge(actor, id);
        return toMerge(m, await undoBlocker(actor, m));
      });
    },

    /** Newest first; with a customer, the merges it survived or was merged away in. */
    async list(actor: Actor, q: MergeListQuery): Promise<Page<Merge>> {
      requirePermission(actor, 'crm:read');
      return deps.tx(async () => {
        const page = await repo.listMerges(actor.workspaceId, q);
        const items: Merge[] = [];
        for (const m of page.items) items.push(toMerge(m, await undoBlocker(actor, m)));
        return { items, nextCursor: page.nextCursor };
      });
    },

    async neverMerge(actor: Actor, input: MergeBlockCreate): Promise<MergeBlock> {
      requirePermission(actor, 'customers:merge');
      const body = MergeBlockCreate.parse(input);
      return deps.tx(async () => {
        const rows = await repo.lockCustomers(actor.workspaceId, body.customerIds);
        body.customerIds.forEach((id, i) => {
          if (!rows.some((r) => r.id === id)) {
            throw new AppError('CUSTOMER_NOT_FOUND', { id }, [
              { path: `body.customerIds.${i}`, message: 'no such customer in this workspace' },
            ]);
          }
        });
        const now = clock.now();
        const by = actorRef(actor);
        await block(actor, body.customerIds, body.reason ?? '', by, now);
        return {
          customerIds: orderedPair(...body.customerIds),
          reason: body.reason ?? '',
          createdAt: now,
          createdBy: by,
        };
      });
    },

    async allowMerge(actor: Actor, ids: [string, string]): Promise<void> {
      requirePermission(actor, 'customers:merge');
      const [a, b] = orderedPair(ids[0], ids[1]);
      await deps.tx(async () => {
        if (!(await repo.deleteBlock(actor.workspaceId, a, b))) {
          throw new AppError(
            'NOT_FOUND',
            { customerIds: [a, b] },
            [],
            'These customers are not marked "never merge"',
          );
        }
        await audit.record(actor, {
          action: 'customer.allow_merge',
          entityType: 'customer',
          entityId: a,
          before: { customerIds: [a, b] },
        });
      });
    },

    /** The never-merge pairs a customer is in. */
    async blocksOf(actor: Actor, customerId: string): Promise<MergeBlock[]> {
      requirePermission(actor, 'crm:read');
      const customer = await repo.findCustomer(actor.workspaceId, customerId);
      if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId });
      const rows = await repo.blocksOf(actor.workspaceId, [customerId]);
      return rows.map((r) => ({
        customerIds: [r.customerA, r.customerB],
        reason: r.reason,
        createdAt: r.createdAt,
        createdBy: r.createdBy,
      }));
    },

    /** Queues likely duplicates across the workspace; never merges anything. */
    async scanCandidates(actor: Actor): Promise<CandidateScanResult> {
      requirePermission(actor, 'customers:merge');
      return deps.tx(async () => {
        const found = await repo.scanCandidates(actor.workspaceId, CANDIDATE_MIN_SIMILARITY, clock.now());
        return {
          scanned: await repo.countLiveCustomers(actor.workspaceId),
          found,
          open: await repo.countCandidates(actor.workspaceId, 'open'),
        };
      });
    },

    async candidates(actor: Actor, q: CandidateListQuery): Promise<Page<DuplicateCandidate>> {
      requirePermission(actor, 'crm:read');
      const page = await repo.listCandidates(actor.workspaceId, q);
      return { items: page.items.map(toCandidate), nextCursor: page.nextCursor };
    },

    /** Dismisses a candidate (later scans skip the pair) or marks the pair never-merge. */
    async decide(actor: Actor, id: string, input: CandidateDecision): Promise<void> {
      requirePermission(actor, 'customers:merge');
      const body = CandidateDecision.parse(input);
      await deps.tx(async () => {
        const c = await repo.findCandidate(actor.workspaceId, id);
        if (!c) throw new AppError('CANDIDATE_NOT_FOUND', { id });
        const now = clock.now();
        const by = actorRef(actor);
        if (body.decision === 'never_merge')
          await block(actor, [c.customerA, c.customerB], body.reason ?? '', by, now);
        else {
          await repo.resolvePair(actor.workspaceId, [c.customerA, c.customerB], 'dismissed', now, by);
          await audit.record(actor, {
            action: 'duplicate_candidate.dismiss',
            entityType: 'customer',
            entityId: c.customerA,
            after: { candidateId: id, customerIds: [c.customerA, c.customerB], reason: body.reason ?? null },
          });
        }
      });
    },
  };
}
export type MergesService = ReturnType<typeof createMergesService>;
