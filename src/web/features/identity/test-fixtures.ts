import type { Customer } from '../../../shared/contracts/customers.js';
import type {
  CustomerSnapshot,
  DuplicateCandidate,
  Merge,
  MergePreview,
} from '../../../shared/contracts/identities.js';

/*
 * Identity data shaped like the server's answers, for this feature's component tests only.
 * Dates are ISO strings, as they arrive over the wire.
 */

export const ANN_ID = '01938e77-0000-7000-8000-00000000a001';
export const ANNE_ID = '01938e77-0000-7000-8000-00000000a002';
export const MERGE_ID = '01938e77-0000-7000-8000-00000000e001';
export const CANDIDATE_ID = '01938e77-0000-7000-8000-00000000d001';

const STAFF = { type: 'user' as const, id: null, name: 'Erin Admin' };

export function snapshot(
  id: string,
  fullName: string,
  over: Partial<CustomerSnapshot> = {},
): CustomerSnapshot {
  return {
    id,
    givenName: null,
    familyName: null,
    fullName,
    emails: [],
    phones: [],
    address: null,
    birthday: null,
    locale: null,
    timeZone: null,
    tags: [],
    attributes: {},
    prefersHumanService: false,
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    createdBy: STAFF,
    identities: [],
    ...over,
  };
}

/** Merging Anne (merged) into Ann (survivor): the name from Anne, the birthday from Ann alone. */
export function preview(survivorId = ANN_ID, mergedId = ANNE_ID): MergePreview {
  const names: Record<string, string> = { [ANN_ID]: 'Ann Smith', [ANNE_ID]: 'Anne Smith' };
  const s = names[survivorId] ?? 'Ann Smith';
  const m = names[mergedId] ?? 'Anne Smith';
  return {
    survivorId,
    mergedId,
    result: snapshot(survivorId, m, { birthday: '1990-03-04' }),
    decisions: [
      { field: 'name', survivor: s, merged: m, result: m, rule: 'most_trusted', from: 'merged' },
      {
        field: 'birthday',
        survivor: '1990-03-04',
        merged: null,
        result: '1990-03-04',
        rule: 'most_recent',
        from: 'survivor',
      },
      {
        field: 'emails',
        survivor: [{ value: 'ann@example.com', primary: true }],
        merged: [{ value: 'anne@work.example', primary: true }],
        result: [
          { value: 'ann@example.com', primary: true },
          { value: 'anne@work.example', primary: false },
        ],
        rule: 'combined',
        from: 'both',
      },
    ],
    moves: { identity: 2, touchpoint: 12, order: 3, note: 0 },
    warnings: ['6 email values (the limit is 5)'],
  };
}

export function merge(over: Partial<Merge> = {}): Merge {
  return {
    id: MERGE_ID,
    survivorId: ANN_ID,
    mergedId: ANNE_ID,
    trigger: 'staff',
    evidence: { reason: 'same guest' },
    survivorBefore: snapshot(ANN_ID, 'Ann Smith'),
    mergedBefore: snapshot(ANNE_ID, 'Anne Smith'),
    survivorAfter: snapshot(ANN_ID, 'Anne Smith'),
    decisions: preview().decisions,
    movedCounts: { identity: 2, touchpoint: 12, order: 3, note: 0 },
    createdAt: new Date('2026-02-27T10:00:00Z'),
    createdBy: STAFF,
    undoneAt: null,
    undoneBy: null,
    undoable: true,
    undoBlockedBy: null,
    ...over,
  };
}

export function candidate(over: Partial<DuplicateCandidate> = {}): DuplicateCandidate {
  return {
    id: CANDIDATE_ID,
    score: 0.914,
    signals: [
      { kind: 'name', detail: 'names 91% alike' },
      { kind: 'birthday', detail: 'same birthday 1990-03-04' },
    ],
    status: 'open',
    foundAt: new Date('2026-02-28T08:00:00Z'),
    customers: [
      {
        id: ANNE_ID,
        fullName: 'Anne Smith',
        primaryEmail: 'anne@work.example',
        primaryPhone: null,
        birthday: '1990-03-04',
        city: 'Manchester',
        createdAt: new Date('2025-09-01T09:00:00Z'),
      },
      {
        id: ANN_ID,
        fullName: 'Ann Smith',
        primaryEmail: 'ann@example.com',
        primaryPhone: '+447911123456',
        birthday: '1990-03-04',
        city: 'Manchester',
        createdAt: new Date('2024-03-01T09:00:00Z'),
      },
    ],
    ...over,
  };
}

export function customer(id: string, fullName: string, over: Partial<Customer> = {}): Customer {
  return {
    id,
    givenName: null,
    familyName: null,
    fullName,
    emails: [],
    phones: [],
    primaryEmail: null,
    primaryPhone: null,
    address: null,
    birthday: null,
    locale: null,
    timeZone: null,
    tags: [],
    attributes: {},
    prefersHumanService: false,
    createdAt: new Date('2025-01-01T09:00:00Z'),
    updatedAt: new Date('2025-01-01T09:00:00Z'),
    createdBy: STAFF,
    updatedBy: STAFF,
    deletedAt: null,
    mergedIntoId: null,
    ...over,
  };
}
