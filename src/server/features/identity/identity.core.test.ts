import { describe, expect, it } from 'vitest';
import {
  type CustomerSnapshot,
  DEFAULT_IDENTITY_SETTINGS,
  IdentitySettings,
} from '../../../shared/contracts/identities.js';
import {
  compileBlocklist,
  type IdentityRef,
  identityKey,
  limitWarnings,
  mergeProfiles,
  planResolution,
  unmergeProfile,
} from './identity.core.js';

const settings = DEFAULT_IDENTITY_SETTINGS;
const email = (value: string): IdentityRef => ({ kind: 'email', source: '', value });
const ext = (value: string, source = 'import'): IdentityRef => ({ kind: 'external_id', source, value });
const anon = (value: string): IdentityRef => ({ kind: 'anonymous', source: '', value });

function world(
  customers: Record<string, { identities: IdentityRef[]; createdAt: string }>,
  blocked: [string, string][] = [],
) {
  const owners = new Map<string, string>();
  const held = new Map<string, IdentityRef[]>();
  const createdAt = new Map<string, Date>();
  for (const [id, c] of Object.entries(customers)) {
    held.set(id, c.identities);
    createdAt.set(id, new Date(c.createdAt));
    for (const i of c.identities) owners.set(identityKey(i.kind, i.source, i.value), id);
  }
  const pairs = new Set(blocked.map(([a, b]) => [a, b].sort().join('|')));
  return {
    owners,
    held,
    createdAt,
    isBlockedPair: (a: string, b: string) => pairs.has([a, b].sort().join('|')),
  };
}

describe('compileBlocklist', () => {
  it('matches literals case-insensitively and /regex/ entries', () => {
    const blocked = compileBlocklist(DEFAULT_IDENTITY_SETTINGS.blockedValues);
    for (const v of ['', ' NULL ', 'Anonymous', '0000000', '-1', 'aaaaaaa']) expect(blocked(v)).toBe(true);
    for (const v of ['ann@example.com', '10', 'u-123', '+447911123456']) expect(blocked(v)).toBe(false);
  });
});

describe('planResolution', () => {
  it('creates a new customer holding every identity when none is known', () => {
    const plan = planResolution({
      settings,
      incoming: [anon('a-1'), ext('u-1'), email('x@y.z')],
      ...world({}),
    });
    expect(plan.customerId).toBeNull();
    expect(plan.attach.map((i) => i.value)).toEqual(['u-1', 'x@y.z', 'a-1']);
    expect(plan.merges).toEqual([]);
  });

  it('finds the customer and attaches what is new to it', () => {
    const w = world({ c1: { identities: [email('x@y.z')], createdAt: '2024-01-01' } });
    const plan = planResolution({ settings, incoming: [email('x@y.z'), anon('a-9')], ...w });
    expect(plan.customerId).toBe('c1');
    expect(plan.attach).toEqual([anon('a-9')]);
  });

  it('merges two customers an event links, the older surviving', () => {
    const w = world({
      young: { identities: [anon('a-1')], createdAt: '2025-06-01' },
      old: { identities: [email('x@y.z')], createdAt: '2020-01-01' },
    });
    const plan = planResolution({ settings, incoming: [anon('a-1'), email('x@y.z')], ...w });
    expect(plan.merges).toEqual([{ survivorId: 'old', mergedId: 'young', via: anon('a-1') }]);
    expect(plan.customerId).toBe('old');
  });

  it('drops the lower-priority identity instead of merging when the merge would break a limit', () => {
    const w = world({
      c1: { identities: [ext('u-1')], createdAt: '2024-01-01' },
      c2: { identities: [ext('u-2'), email('x@y.z')], createdAt: '2024-02-01' },
    });
    const plan = planResolution({ settings, incoming: [email('x@y.z'), ext('u-1')], ...w });
    expect(plan.customerId).toBe('c1');
    expect(plan.merges).toEqual([]);
    expect(plan.dropped).toEqual([{ identity: email('x@y.z'), reason: 'limit', ownerId: 'c2' }]);
  });

  it('keeps a new user id on a new profile when the e-mail owner already has another user id', () => {
    const w = world({ c1: { identities: [ext('u-1'), email('x@y.z')], createdAt: '2024-01-01' } });
    const plan = planResolution({ settings, incoming: [ext('u-2'), email('x@y.z')], ...w });
    expect(plan.customerId).toBeNull();
    expect(plan.attach).toEqual([ext('u-2')]);
    expect(plan.dropped[0]).toMatchObject({ reason: 'limit', ownerId: 'c1' });
  });

  it('counts external-id limits per system', () => {
    const w = world({
      c1: { identities: [ext('u-1', 'pms')], createdAt: '2024-01-01' },
      c2: { identities: [ext('L-7', 'shop')], createdAt: '2024-02-01' },
    });
    const plan = planResolution({ settings, incoming: [ext('u-1', 'pms'), ext('L-7', 'shop')], ...w });
    expect(plan.merges).toHaveLength(1);
  });

  it('never merges a pair marked never-merge, nor on blocked values', () => {
    const w = world(
      {
        c1: { identities: [email('a@b.c')], createdAt: '2024-01-01' },
        c2: { identities: [anon('dev-1')], createdAt: '2024-02-01' },
      },
      [['c2', 'c1']],
    );
    const plan = planResolution({ settings, incoming: [email('a@b.c'), anon('dev-1'), anon('null')], ...w });
    expect(plan.customerId).toBe('c1');
    expect(plan.merges).toEqual([]);
    expect(plan.dropped.map((d) => d.reason).sort()).toEqual(['blocked_value', 'never_merge']);
  });

  it('does not join customers through a kind that is not used for matching', () => {
    const custom = IdentitySettings.parse({
      ...settings,
      kinds: settings.kinds.map((k) => (k.kind === 'anonymous' ? { ...k, match: false } : k)),
    });
    const w = world({
      c1: { identities: [email('a@b.c')], createdAt: '2024-01-01' },
      c2: { identities: [anon('dev-1')], createdAt: '2024-02-01' },
    });
    const plan = planResolution({ settings: custom, incoming: [email('a@b.c'), anon('dev-1')], ...w });
    expect(plan.merges).toEqual([]);
    expect(plan.dropped).toEqual([{ identity: anon('dev-1'), reason: 'not_matchable', ownerId: 'c2' }]);
  });

  it('drops identities past the limit of a new profile', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => email(`${x}@x.io`));
    const plan = planResolution({ settings, incoming: six, ...world({}) });
    expect(plan.attach).toHaveLength(5);
    expect(plan.dropped).toEqual([{ identity: six[5], reason: 'limit', ownerId: null }]);
  });
});

describe('limitWarnings', () => {
  it('names each kind held past its limit', () => {
    expect(limitWarnings(settings, [ext('1'), ext('2'), email('a@b.c')])).toEqual([
      '2 external id values from import (the limit is 1)',
    ]);
    expect(limitWarnings(settings, [ext('1'), email('a@b.c')])).toEqual([]);
  });
});

const snap = (over: Partial<CustomerSnapshot>): CustomerSnapshot => ({
  id: 'x',
  givenName: null,
  familyName: null,
  fullName: '',
  emails: [],
  phones: [],
  address: null,
  birthday: null,
  locale: null,
  timeZone: null,
  tags: [],
  attributes: {},
  prefersHumanService: false,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  createdBy: { type: 'system', id: null, name: 'import' },
  identities: [],
  ...over,
});

describe('mergeProfiles', () => {
  const survivor = snap({
    id: 's',
    givenName: 'Ann',
    fullName: 'Ann',
    emails: [{ value: 'ann@a.io', primary: true }],
    birthday: '1980-02-03',
    address: { city: 'Leeds' },
    tags: ['vip'],
    attributes: { room: 'twin', floor: 2 },
    updatedAt: '2024-01-01T00:00:00.000Z',
    createdBy: { type: 'api_key', id: 'k', name: 'app' },
    identities: [email('ann@a.io')],
  });
  const merged = snap({
    id: 'm',
    givenName: 'Ann',
    familyName: 'Smith',
    fullName: 'Ann Smith',
    emails: [
      { value: 'ann.smith@b.io', primary: true },
      { value: 'ann@a.io', primary: false },
    ],
    birthday: '1980-03-02',
    address: { city: 'York' },
    tags: ['spa', 'vip'],
    attributes: { room: 'double' },
    prefersHumanService: true,
    updatedAt: '2025-01-01T00:00:00.000Z',
    createdBy: { type: 'user', id: 'u', name: 'Desk' },
    identities: [email('ann.smith@b.io'), email('ann@a.io'), ext('G-1')],
  });

  it('applies the survivorship rule of each field', () => {
    const { result, decisions } = mergeProfiles(settings, survivor, merged);
    // name: most trusted source — staff entry beats an integration's key
    expect(result.fullName).toBe('Ann Smith');
    expect(result.familyName).toBe('Smith');
    // address: most recent profile
    expect(result.address).toEqual({ city: 'York' });
    // birthday: first non-empty, the survivor's
    expect(result.birthday).toBe('1980-02-03');
    expect(decisions.find((d) => d.field === 'birthday')).toMatchObject({
      from: 'survivor',
      rule: 'first_non_empty',
    });
    expect(decisions.find((d) => d.field === 'name')).toMatchObject({ from: 'merged', rule: 'most_trusted' });
  });

  it('combines lists, keeps the survivor primary and keeps "prefers a human" from either', () => {
    const { result } = mergeProfiles(settings, survivor, merged);
    expect(result.emails).toEqual([
      { value: 'ann@a.io', primary: true },
      { value: 'ann.smith@b.io', primary: false },
    ]);
    expect(result.tags).toEqual(['vip', 'spa']);
    expect(result.attributes).toEqual({ room: 'double', floor: 2 });
    expect(result.prefersHumanService).toBe(true);
    expect(result.identities.map((i) => i.value).sort()).toEqual(['G-1', 'ann.smith@b.io', 'ann@a.io']);
  });

  it('keeps a refusal from either side (a withdrawal wins)', () => {
    const { result } = mergeProfiles(
      settings,
      snap({ id: 's', attributes: { consentRefused: 'marketing' }, updatedAt: '2024-01-01T00:00:00.000Z' }),
      snap({
        id: 'm',
        attributes: { refused_purposes: ['personalization'] },
        updatedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
    expect(result.attributes.consentRefused).toEqual(['marketing', 'personalisation']);
    expect(result.attributes).not.toHaveProperty('refused_purposes');
  });

  it('says which side a combined list came from, an empty list counting as nothing', () => {
    const { decisions } = mergeProfiles(
      settings,
      snap({ id: 's', phones: [] }),
      snap({ id: 'm', phones: [{ value: '+441', primary: true }] }),
    );
    expect(decisions.find((d) => d.field === 'phones')?.from).toBe('merged');
    expect(decisions.find((d) => d.field === 'tags')?.from).toBe('none');
  });

  it('takes the other side when one is empty, whatever the rule', () => {
    const { result } = mergeProfiles(
      settings,
      snap({ id: 's', fullName: 'Bo' }),
      snap({ id: 'm', birthday: '1990-01-01' }),
    );
    expect(result.fullName).toBe('Bo');
    expect(result.birthday).toBe('1990-01-01');
  });
});

describe('unmergeProfile', () => {
  const before = snap({
    fullName: 'Ann',
    givenName: 'Ann',
    emails: [{ value: 'a@a.io', primary: true }],
    tags: ['vip'],
    attributes: { room: 'twin' },
  });
  const mergedBefore = snap({
    fullName: 'Ann Smith',
    emails: [{ value: 'b@b.io', primary: true }],
    tags: ['spa'],
    attributes: { room: 'double', pet: 'dog' },
    prefersHumanService: true,
  });
  const after = mergeProfiles(settings, before, mergedBefore).result;

  it('restores the survivor exactly when nothing changed since the merge', () => {
    const restored = unmergeProfile(before, after, after, mergedBefore);
    expect(restored).toMatchObject({
      fullName: before.fullName,
      emails: before.emails,
      tags: before.tags,
      attributes: before.attributes,
      prefersHumanService: false,
    });
  });

  it('keeps changes made since, less what came from the merged customer', () => {
    const current = {
      ...after,
      fullName: 'Ann Jones',
      emails: [...after.emails, { value: 'c@c.io', primary: false }],
      tags: [...after.tags, 'gold'],
      attributes: { ...after.attributes, floor: 3 },
    };
    const restored = unmergeProfile(before, after, current, mergedBefore);
    expect(restored.fullName).toBe('Ann Jones');
    expect(restored.emails.map((e) => e.value)).toEqual(['a@a.io', 'c@c.io']);
    expect(restored.tags).toEqual(['vip', 'gold']);
    expect(restored.attributes).toEqual({ room: 'twin', floor: 3 });
  });
});
