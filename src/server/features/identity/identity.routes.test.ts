import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type { Role } from '../../../shared/contracts/common.js';

let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const pair = async (names: [string, string] = ['Maria Garcia', 'María García'], birthday = '1985-06-01') => {
  const a = await createCustomerVia(admin, { fullName: names[0], birthday });
  const b = await createCustomerVia(admin, { fullName: names[1], birthday });
  return [a.id as string, b.id as string] as const;
};

describe('identity API', () => {
  it('reads the rules for every role and lets only admins change them, naming a bad field', async () => {
    const agent = await admin.as('agent');
    const read = await agent.request('GET', '/api/v1/identity/settings');
    expect(read.statusCode).toBe(200);
    expect(read.json().kinds.map((k: { kind: string }) => k.kind)).toContain('email');
    expect(
      (await agent.request('PATCH', '/api/v1/identity/settings', { blockedValues: [] })).statusCode,
    ).toBe(403);
    const bad = await admin.request('PATCH', '/api/v1/identity/settings', { blockedValues: ['ok', '/[/'] });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.blockedValues.1']);
    const ok = await admin.request('PATCH', '/api/v1/identity/settings', { userIdSource: 'app' });
    expect(ok.json().userIdSource).toBe('app');
    await admin.request('PATCH', '/api/v1/identity/settings', { userIdSource: 'import' });
  });

  it('previews (200), merges (201), lists, undoes (200) and refuses a second undo (409)', async () => {
    const [a, b] = await pair();
    const preview = await admin.request('POST', '/api/v1/identity/merges', {
      survivorId: a,
      mergedId: b,
      dryRun: true,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().decisions.find((d: { field: string }) => d.field === 'name')).toMatchObject({
      survivor: 'Maria Garcia',
      merged: 'María García',
    });
    const merged = await admin.request('POST', '/api/v1/identity/merges', {
      survivorId: a,
      mergedId: b,
      reason: 'same guest',
    });
    expect(merged.statusCode).toBe(201);
    const id = merged.json().id;
    expect(merged.json()).toMatchObject({
      trigger: 'staff',
      evidence: { reason: 'same guest' },
      undoable: true,
    });
    const gone = await admin.request('GET', `/api/v1/customers/${b}`);
    expect(gone.json()).toMatchObject({ mergedIntoId: a });
    // Restoring a merged-away customer would leave its history on the survivor: undo instead.
    const restore = await admin.request('POST', `/api/v1/customers/${b}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(restore.json().code).toBe('MERGE_UNDO_BLOCKED');
    const history = await admin.request('GET', `/api/v1/identity/merges?customerId=${b}`);
    expect(history.json().items.map((m: { id: string }) => m.id)).toEqual([id]);
    const undo = await admin.request('POST', `/api/v1/identity/merges/${id}/undo`, {
      neverMergeAgain: false,
    });
    expect(undo.statusCode).toBe(200);
    expect(undo.json().undoneAt).not.toBeNull();
    const again = await admin.request('POST', `/api/v1/identity/merges/${id}/undo`, {});
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json().detail).toMatch(/already undone/);
    expect(
      (await admin.request('GET', '/api/v1/identity/merges/01900000-0000-7000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('marks and unmarks a never-merge pair; a marked pair cannot be merged', async () => {
    const [a, b] = await pair();
    const block = await admin.request('POST', '/api/v1/identity/never-merge', {
      customerIds: [a, b],
      reason: 'twins',
    });
    expect(block.statusCode).toBe(201);
    expect((await admin.request('GET', `/api/v1/customers/${b}/never-merge`)).json()).toMatchObject([
      { reason: 'twins' },
    ]);
    const refused = await admin.request('POST', '/api/v1/identity/merges', { survivorId: b, mergedId: a });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('MERGE_BLOCKED');
    expect((await admin.request('DELETE', `/api/v1/identity/never-merge/${b}/${a}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/v1/identity/never-merge/${b}/${a}`)).statusCode).toBe(404);
    const same = await admin.request('POST', '/api/v1/identity/never-merge', { customerIds: [a, a] });
    expect(same.statusCode).toBe(400);
    expect(errorPaths(same.json())).toEqual(['body.customerIds']);
  });

  it('queues candidates on a scan, lists them and takes a decision; analysts may look but not merge', async () => {
    const [a, b] = await pair(['Olamide Okafor', 'Olamide Okafore'], '1979-11-30');
    const scan = await admin.request('POST', '/api/v1/identity/candidates/scan');
    expect(scan.statusCode).toBe(200);
    expect(scan.json().found).toBeGreaterThan(0);
    const analyst = await admin.as('analyst');
    const list = await analyst.request('GET', `/api/v1/identity/candidates?customerId=${a}`);
    expect(list.statusCode).toBe(200);
    const [candidate] = list.json().items;
    expect(candidate.customers.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    expect(candidate.signals.map((s: { kind: string }) => s.kind)).toEqual(['name', 'birthday']);
    expect(
      (
        await analyst.request('POST', `/api/v1/identity/candidates/${candidate.id}/decision`, {
          decision: 'dismiss',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await analyst.request('POST', '/api/v1/identity/merges', { survivorId: a, mergedId: b })).statusCode,
    ).toBe(403);
    const decided = await admin.request('POST', `/api/v1/identity/candidates/${candidate.id}/decision`, {
      decision: 'dismiss',
    });
    expect(decided.statusCode).toBe(204);
    const open = await admin.request('GET', `/api/v1/identity/candidates?customerId=${a}`);
    expect(open.json().items).toEqual([]);
    const bad = await admin.request('POST', `/api/v1/identity/candidates/${candidate.id}/decision`, {
      decision: 'merge',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.decision']);
  });
});
