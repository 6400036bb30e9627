import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/db.js';
import { buildCustomer, createTestWorkspace } from '../../../../test/factories.js';
import { createServices, type Services } from '../../app.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { systemClock } from '../../lib/clock.js';

let database: Database;
let s: Services;
let actor: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  s = createServices({ database, clock: systemClock });
  actor = (await createTestWorkspace(database)).actor;
});
afterAll(() => database.close());

/** Everything a customer owns, as ids per entity, to compare before and after. */
async function owned(customerId: string) {
  const tl = await s.touchpoints.list(actor, { customerId, limit: 200, order: 'desc', sort: 'occurredAt' });
  const orders = await s.orders.list(actor, { customerId, limit: 200, order: 'desc', sort: 'occurredAt' });
  const notes = await s.notes.listForCustomer(actor, customerId, { limit: 200 });
  const identities = await s.identity.listForCustomer(actor, customerId);
  return {
    touchpoints: tl.items.map((t) => t.id).sort(),
    orders: orders.items.map((o) => o.id).sort(),
    notes: notes.items.map((n) => n.id).sort(),
    identities: identities.map((i) => `${i.kind}:${i.value}`).sort(),
  };
}

async function customerWithHistory(name: string, email: string, when: string) {
  const c = await s.customers.create(
    actor,
    buildCustomer({
      fullName: name,
      givenName: undefined,
      familyName: undefined,
      emails: [{ value: email }],
      phones: [],
      tags: [name.split(' ')[0]!.toLowerCase()],
    }),
  );
  await s.touchpoints.create(actor, {
    customerId: c.id,
    channel: 'front_desk',
    type: 'check_in',
    occurredAt: when,
  });
  await s.orders.create(actor, {
    customerId: c.id,
    channel: 'store',
    occurredAt: when,
    currency: 'EUR',
    lines: [{ description: 'Dinner', quantity: 1, unitPriceMinor: 4200 }],
  });
  await s.notes.create(actor, c.id, { body: `${name} likes the sea view` });
  return c;
}

describe('merge and undo', () => {
  it('previews without changing anything, moves every record on merge and puts each back on undo', async () => {
    const a = await customerWithHistory('Ann Lee', `ann.${Date.now()}@a.io`, '2024-05-01T10:00:00Z');
    const b = await customerWithHistory('Ann Lee', `ann.lee.${Date.now()}@b.io`, '2025-05-01T10:00:00Z');
    const beforeA = await owned(a.id);
    const beforeB = await owned(b.id);

    const out = await s.merges.merge(actor, { survivorId: a.id, mergedId: b.id, dryRun: true });
    if (!('preview' in out)) throw new Error('expected a preview');
    expect(out.preview.moves).toMatchObject({ touchpoint: 1, order: 1, note: 1, identity: 1 });
    expect(out.preview.result.emails).toHaveLength(2);
    expect(await owned(b.id)).toEqual(beforeB);

    const done = await s.merges.merge(actor, { survivorId: a.id, mergedId: b.id, reason: 'same guest' });
    if (!('merge' in done)) throw new Error('expected a merge');
    expect(done.merge.movedCounts).toMatchObject({ touchpoint: 1, order: 1, note: 1, identity: 1 });
    const merged = await owned(a.id);
    expect(merged.touchpoints).toEqual([...beforeA.touchpoints, ...beforeB.touchpoints].sort());
    expect(merged.identities).toEqual([...beforeA.identities, ...beforeB.identities].sort());
    const gone = await s.customers.get(actor, b.id);
    expect(gone).toMatchObject({ mergedIntoId: a.id });
    expect(gone.deletedAt).not.toBeNull();
    const survivor = await s.customers.get(actor, a.id);
    expect(survivor.tags.sort()).toEqual(['ann']);
    expect(survivor.emails.map((e) => e.value).sort()).toEqual(
      merged.identities.map((i) => i.slice(6)).sort(),
    );

    const undone = await s.merges.unmerge(actor, done.merge.id, { neverMergeAgain: true });
    expect(undone.undoneAt).not.toBeNull();
    expect(await owned(a.id)).toEqual(beforeA);
    expect(await owned(b.id)).toEqual(beforeB);
    const restoredA = await s.customers.get(actor, a.id);
    expect(restoredA.emails).toEqual(a.emails);
    expect((await s.customers.get(actor, b.id)).deletedAt).toBeNull();
    // The pair is now "never merge".
    await expect(s.merges.merge(actor, { survivorId: a.id, mergedId: b.id })).rejects.toMatchObject({
      code: 'MERGE_BLOCKED',
    });
    await expect(s.merges.unmerge(actor, done.merge.id)).rejects.toMatchObject({
      code: 'MERGE_UNDO_BLOCKED',
    });
  });

  it('keeps records added to the survivor after the merge there on undo', async () => {
    const a = await customerWithHistory('Bo Ray', `bo.${Date.now()}@a.io`, '2024-01-01T10:00:00Z');
    const b = await customerWithHistory('Bo Ray', `bo.ray.${Date.now()}@b.io`, '2024-02-01T10:00:00Z');
    const done = await s.merges.merge(actor, { survivorId: a.id, mergedId: b.id });
    if (!('merge' in done)) throw new Error('expected a merge');
    const later = await s.touchpoints.create(actor, {
      customerId: a.id,
      channel: 'spa',
      type: 'spa',
      occurredAt: '2026-01-01T10:00:00Z',
    });
    await s.customers.update(actor, a.id, { fullName: 'Bo Ray-Smith' });
    await s.merges.unmerge(actor, done.merge.id, { neverMergeAgain: false });
    expect((await owned(a.id)).touchpoints).toContain(later.touchpoint.id);
    expect((await owned(b.id)).touchpoints).not.toContain(later.touchpoint.id);
    // A field changed since the merge keeps the change.
    expect((await s.customers.get(actor, a.id)).fullName).toBe('Bo Ray-Smith');
  });

  it('undoes a chain only from the newest merge back', async () => {
    const a = await customerWithHistory('Cy One', `cy1.${Date.now()}@a.io`, '2024-01-01T10:00:00Z');
    const b = await customerWithHistory('Cy Two', `cy2.${Date.now()}@a.io`, '2024-01-02T10:00:00Z');
    const c = await customerWithHistory('Cy Three', `cy3.${Date.now()}@a.io`, '2024-01-03T10:00:00Z');
    const first = await s.merges.merge(actor, { survivorId: b.id, mergedId: c.id });
    const second = await s.merges.merge(actor, { survivorId: a.id, mergedId: b.id });
    if (!('merge' in first) || !('merge' in second)) throw new Error('expected merges');
    const listed = await s.merges.get(actor, first.merge.id);
    expect(listed.undoable).toBe(false);
    expect(listed.undoBlockedBy).toMatch(/undo that one first/);
    await expect(s.merges.unmerge(actor, first.merge.id)).rejects.toMatchObject({
      code: 'MERGE_UNDO_BLOCKED',
    });
    await s.merges.unmerge(actor, second.merge.id, { neverMergeAgain: false });
    await s.merges.unmerge(actor, first.merge.id, { neverMergeAgain: false });
    for (const x of [a, b, c]) expect((await s.customers.get(actor, x.id)).deletedAt).toBeNull();
    expect((await owned(c.id)).notes).toHaveLength(1);
  });

  it('refuses to merge a customer with itself or one that is gone, naming the field', async () => {
    const a = await customerWithHistory('Di Solo', `di.${Date.now()}@a.io`, '2024-01-01T10:00:00Z');
    await expect(s.merges.merge(actor, { survivorId: a.id, mergedId: a.id })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'body.mergedId' }],
    });
    await expect(
      s.merges.merge(actor, { survivorId: a.id, mergedId: '01900000-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND', fields: [{ path: 'body.mergedId' }] });
  });

  it('lets only roles that may merge do it', async () => {
    const a = await customerWithHistory('Ed A', `ed1.${Date.now()}@a.io`, '2024-01-01T10:00:00Z');
    const b = await customerWithHistory('Ed B', `ed2.${Date.now()}@a.io`, '2024-01-01T10:00:00Z');
    await expect(
      s.merges.merge({ ...actor, role: 'analyst' }, { survivorId: a.id, mergedId: b.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      s.merges.merge({ ...actor, role: 'marketer' }, { survivorId: a.id, mergedId: b.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('duplicates queue', () => {
  it('queues similar names that share a birthday, postcode or phone, never merges, and skips dismissed pairs', async () => {
    const ws = (await createTestWorkspace(database)).actor;
    const mk = (over: Parameters<typeof buildCustomer>[0]) =>
      s.customers.create(
        ws,
        buildCustomer({ givenName: undefined, familyName: undefined, phones: [], emails: [], ...over }),
      );
    const jon = await mk({ fullName: 'Jonathan Smith', birthday: '1980-04-02' });
    const jon2 = await mk({ fullName: 'Jonathon Smith', birthday: '1980-04-02' });
    const kim = await mk({
      fullName: 'Kim Park',
      address: { line1: '1 Main St', postalCode: 'LS1 4AB', country: 'GB' },
    });
    const kim2 = await mk({
      fullName: 'Kim Parks',
      address: { line1: '1 main st', postalCode: 'ls14ab', country: 'GB' },
    });
    await mk({ fullName: 'Zed Other', birthday: '1980-04-02' });
    await mk({ fullName: 'Jonathan Smith' });
    // A pair sharing a postcode where one has no birthday: the missing value must not void the score.
    const lee = await mk({ fullName: 'Lee Chan', birthday: '1990-01-01', address: { postalCode: 'M1 1AA' } });
    const lee2 = await mk({ fullName: 'Lee Chang', address: { postalCode: 'M1 1AA' } });

    const scan = await s.merges.scanCandidates(ws);
    expect(scan).toMatchObject({ scanned: 8, found: 3, open: 3 });
    const page = await s.merges.candidates(ws, { status: 'open', limit: 50 });
    const key = (ids: string[]) => [...ids].sort().join('|');
    expect(page.items.map((c) => key(c.customers.map((x) => x.id))).sort()).toEqual(
      [key([jon.id, jon2.id]), key([kim.id, kim2.id]), key([lee.id, lee2.id])].sort(),
    );
    for (const c of page.items) expect(c.score).toBeGreaterThan(0);
    const kimPair = page.items.find((c) => c.customers.some((x) => x.id === kim.id))!;
    expect(kimPair.signals.map((x) => x.kind)).toEqual(['name', 'address']);
    expect(kimPair.signals[1]!.detail).toBe('same street and postcode LS14AB');

    // Nothing was merged.
    expect((await s.customers.get(ws, jon2.id)).deletedAt).toBeNull();

    await s.merges.decide(ws, kimPair.id, { decision: 'dismiss' });
    expect((await s.merges.scanCandidates(ws)).found).toBe(0);
    const open = await s.merges.candidates(ws, { status: 'open', limit: 50 });
    expect(open.items).toHaveLength(2);
    // Merging the pair closes its candidate.
    await s.merges.merge(ws, { survivorId: jon.id, mergedId: jon2.id });
    expect((await s.merges.candidates(ws, { status: 'open', limit: 50 })).items).toHaveLength(1);
    expect((await s.merges.candidates(ws, { status: 'merged', limit: 50 })).items).toHaveLength(1);
  });
});

describe('identity settings', () => {
  it('keeps defaults for what is not stored, validates, and audits a change', async () => {
    const ws = (await createTestWorkspace(database)).actor;
    const d = await s.identity.getSettings(ws);
    expect(d.kinds.find((k) => k.kind === 'email')).toMatchObject({ limit: 5, match: true });
    const next = await s.identity.updateSettings(ws, { blockedValues: ['null', '/^test.*@/'] });
    expect(next.blockedValues).toEqual(['null', '/^test.*@/']);
    expect(next.kinds).toEqual(d.kinds);
    await expect(s.identity.updateSettings(ws, { blockedValues: ['/(/'] })).rejects.toThrow(
      /not a valid \/regular expression\//,
    );
    await expect(
      s.identity.updateSettings({ ...ws, role: 'manager' }, { blockedValues: [] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const audit = await s.audit.list(ws, { entityType: 'workspace', limit: 10 });
    expect(audit.items.map((a) => a.action)).toContain('identity_settings.update');
  });
});

describe('imports that link two customers', () => {
  const importCsv = (ws: Actor, ...lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    return s.imports.run(ws, {
      kind: 'customers',
      input: (async function* () {
        yield Buffer.from(text);
      })(),
      fileName: 'guests.csv',
      bytesTotal: Buffer.byteLength(text),
      defaultCurrency: 'EUR',
      defaultCountry: 'GB',
    });
  };

  it('merges the two when the rules allow, and refuses with the reason when a limit would break', async () => {
    const ws = (await createTestWorkspace(database)).actor;
    await importCsv(
      ws,
      'id,email,phone,first_name',
      ',ann@example.com,,Ann',
      ',,07911 123456,Bo',
      'C1,cy@example.com,,Cy',
      'C2,dee@example.com,,Dee',
    );
    const second = await importCsv(
      ws,
      'id,email,phone,first_name',
      ',ann@example.com,07911 123456,Ann',
      'C1,dee@example.com,,Cy',
    );
    expect(second.merges).toBe(1);
    expect(second.rejected).toEqual([
      {
        line: 3,
        column: 'email',
        code: 'IDENTITY_CONFLICT',
        message:
          "'dee@example.com' belongs to another customer; not merged: together they would hold 2 external id values from import (the limit is 1)",
      },
    ]);
    expect(second).toMatchObject({ updated: 1, inserted: 0 });
    const live = await s.customers.list(ws, { limit: 50, sort: 'fullName', order: 'asc' });
    expect(live.items.map((c) => [c.fullName, c.primaryEmail, c.primaryPhone])).toEqual([
      ['Ann', 'ann@example.com', '+447911123456'],
      ['Cy', 'cy@example.com', null],
      ['Dee', 'dee@example.com', null],
    ]);
    const [m] = (await s.merges.list(ws, { limit: 10 })).items;
    expect(m).toMatchObject({ trigger: 'import', evidence: { line: 2 } });
    const audit = await s.audit.list(ws, { entityType: 'customer', limit: 50 });
    expect(audit.items.map((a) => a.action)).toContain('identity.dropped');
  });
});
