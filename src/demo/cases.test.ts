import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { createTestWorkspace } from '../../test/factories.js';
import type { Database } from '../server/db/client.js';
import {
  caseCompensations,
  caseCounters,
  caseEvents,
  caseMessages,
  caseSlas,
  cases,
  users,
} from '../server/db/schema.js';
import { CASE_STATUSES, type CaseStatus, canTransition } from '../shared/contracts/cases.js';
import { CASE_WINDOW_DAYS, DemoCasePlanner } from './cases.js';
import { createDemo } from './generate.js';
import { type DemoSummary, seedDemo } from './seed.js';

const NOW = new Date('2025-06-01T09:30:00.000Z');
const CUSTOMERS = 600;
const SEED = 23;
const DAY = 86_400_000;
const OPEN: readonly CaseStatus[] = ['new', 'acknowledged', 'in_progress', 'waiting_on_customer'];

type Row = Record<string, unknown>;

describe('demo cases, seeded', () => {
  let database: Database;
  let first: { id: string };
  let second: { id: string };
  let summary: DemoSummary;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await createTestWorkspace(database);
    second = await createTestWorkspace(database);
    summary = await seedDemo(database, { workspaceId: first.id, customers: CUSTOMERS, seed: SEED, now: NOW });
    await seedDemo(database, { workspaceId: second.id, customers: CUSTOMERS, seed: SEED, now: NOW });
  });

  afterAll(async () => {
    await database?.close();
  });

  const query = async (text: SQL): Promise<Row[]> => {
    const result: unknown = await database.q().execute(text);
    return (result as { rows: Row[] }).rows;
  };
  const casesOf = (workspaceId: string) =>
    query(sql`select * from ${cases} where workspace_id = ${workspaceId} order by reference`);
  const ms = (value: unknown) => new Date(value as string | Date).getTime();

  it('gives a few percent of customers cases, in every status', async () => {
    const rows = await casesOf(first.id);
    expect(summary.cases).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(CUSTOMERS * 0.02);
    expect(rows.length).toBeLessThanOrEqual(CUSTOMERS * 0.1);
    const byStatus = new Map<string, number>();
    for (const r of rows) byStatus.set(r['status'] as string, (byStatus.get(r['status'] as string) ?? 0) + 1);
    for (const s of CASE_STATUSES) expect(byStatus.get(s) ?? 0, s).toBeGreaterThan(0);
    const open = OPEN.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0);
    // Most of two months' cases are done; a working inbox remains.
    expect(open / rows.length).toBeGreaterThan(0.1);
    expect(open / rows.length).toBeLessThan(0.6);
    const complaints = rows.filter((r) => r['type'] === 'complaint').length;
    expect(complaints / rows.length).toBeGreaterThan(0.4);
    for (const type of ['suggestion', 'question', 'praise']) {
      expect(rows.some((r) => r['type'] === type)).toBe(true);
    }
    for (const r of rows) {
      expect(ms(r['opened_at'])).toBeLessThanOrEqual(NOW.getTime());
      expect(ms(r['opened_at'])).toBeGreaterThanOrEqual(NOW.getTime() - CASE_WINDOW_DAYS * DAY);
    }
  });

  it('numbers references C-000001… without gaps and sets the counter to the last', async () => {
    const rows = await casesOf(first.id);
    const references = rows.map((r) => r['reference']);
    expect(new Set(references).size).toBe(rows.length);
    expect(references).toEqual(rows.map((_, i) => `C-${String(i + 1).padStart(6, '0')}`));
    const [counter] = await query(
      sql`select last_number from ${caseCounters} where workspace_id = ${first.id}`,
    );
    expect(counter?.['last_number']).toBe(rows.length);
  });

  it('opens every case with a status event at opened_at and stores an SLA row for it', async () => {
    const rows = await casesOf(first.id);
    const opened = await query(sql`
      select case_id, at from ${caseEvents}
      where workspace_id = ${first.id} and kind = 'status' and to_status = 'new' and from_status is null`);
    const openedAt = new Map(opened.map((e) => [e['case_id'], ms(e['at'])]));
    const slas = await query(sql`select * from ${caseSlas} where workspace_id = ${first.id}`);
    const sla = new Map(slas.map((s) => [s['case_id'], s]));
    expect(slas).toHaveLength(rows.length);
    for (const r of rows) {
      expect(openedAt.get(r['id'])).toBe(ms(r['opened_at']));
      const s = sla.get(r['id']);
      expect(s, r['reference'] as string).toBeDefined();
      if (OPEN.includes(r['status'] as CaseStatus)) {
        // Due a check at once: the app's sweep evaluates it on its first pass.
        expect(ms(s?.['check_at'])).toBe(NOW.getTime());
      } else {
        expect(s?.['check_at']).toBeNull();
        expect(['met', 'missed']).toContain(s?.['state']);
      }
    }
  });

  it('tells each case a history that the workflow allows, ending in its status', async () => {
    const rows = await casesOf(first.id);
    const events = await query(
      sql`select * from ${caseEvents} where workspace_id = ${first.id} order by case_id, at, seq`,
    );
    const messages = await query(sql`select * from ${caseMessages} where workspace_id = ${first.id}`);
    const messageIds = new Set(messages.map((m) => m['id']));
    const staff = new Set(
      (await query(sql`select id from ${users} where workspace_id = ${first.id}`)).map((u) => u['id']),
    );
    const byCase = new Map<unknown, Row[]>();
    for (const e of events) byCase.set(e['case_id'], [...(byCase.get(e['case_id']) ?? []), e]);
    for (const r of rows) {
      const history = byCase.get(r['id']) ?? [];
      let status: CaseStatus | null = null;
      let firstReply: number | null = null;
      for (const e of history) {
        expect(ms(e['at'])).toBeGreaterThanOrEqual(ms(r['opened_at']));
        expect(ms(e['at'])).toBeLessThanOrEqual(NOW.getTime());
        if (e['kind'] === 'status') {
          const to = e['to_status'] as CaseStatus;
          if (status !== null) expect(canTransition(status, to), `${status} → ${to}`).toBe(true);
          status = to;
        }
        if (e['kind'] === 'agent_reply' || e['kind'] === 'customer_reply') {
          expect(messageIds.has(e['message_id'])).toBe(true);
          if (e['kind'] === 'agent_reply') firstReply ??= ms(e['at']);
        }
      }
      expect(status).toBe(r['status']);
      expect(r['first_responded_at'] === null ? null : ms(r['first_responded_at'])).toBe(firstReply);
      if (r['assignee_user_id'] !== null) expect(staff.has(r['assignee_user_id'])).toBe(true);
      const done = r['status'] === 'resolved' || r['status'] === 'closed';
      expect(r['resolved_at'] !== null).toBe(done);
      expect(r['closed_at'] !== null).toBe(r['status'] === 'closed');
      if (done) {
        expect(r['outcome']).not.toBeNull();
        expect(ms(r['resolved_at'])).toBeGreaterThanOrEqual(ms(r['opened_at']));
        if (r['type'] === 'complaint') expect(r['root_cause']).not.toBeNull();
      } else {
        expect(r['outcome']).toBeNull();
        expect(r['csat_score']).toBeNull();
      }
      if (r['channel'] === 'social') {
        expect(r['source_url']).toMatch(/^https:\/\/social\.example\.com\//);
        expect(r['sentiment']).toBe('negative');
      }
    }
    expect(rows.some((r) => r['csat_score'] !== null)).toBe(true);
    expect(rows.some((r) => r['assignee_user_id'] !== null)).toBe(true);
    expect(rows.some((r) => r['assignee_user_id'] === null)).toBe(true);
    expect(messages.some((m) => m['kind'] === 'customer_message')).toBe(true);
    expect(rows.some((r) => r['suggestion_area'] !== null)).toBe(true);
  });

  it('seeds the same seed into another workspace identically, workspace aside', async () => {
    const read = async (table: PgTable, workspaceId: string, orderBy: string) => {
      const rows = await query(
        sql`select * from ${table} where workspace_id = ${workspaceId} order by ${sql.raw(orderBy)}`,
      );
      return rows.map(({ workspace_id: _ws, seq: _seq, ...rest }) => rest);
    };
    const tables: [PgTable, string][] = [
      [cases, 'id'],
      [caseSlas, 'case_id'],
      [caseEvents, 'id'],
      [caseMessages, 'id'],
      [caseCompensations, 'id'],
      [caseCounters, 'last_number'],
    ];
    for (const [table, orderBy] of tables) {
      const a = await read(table, first.id, orderBy);
      expect(await read(table, second.id, orderBy)).toEqual(a);
    }
    expect((await read(cases, first.id, 'id')).length).toBeGreaterThan(0);
  });
});

describe('DemoCasePlanner', () => {
  const build = (seed: number, staff = true) => {
    const demo = createDemo({ seed, customers: 500, now: NOW });
    const planner = new DemoCasePlanner(seed, NOW);
    for (const record of demo.records()) planner.consider(record);
    return planner.build(staff ? demo.staff : []);
  };

  it('gives the same cases for the same seed and others for another', () => {
    const a = build(3);
    expect(build(3)).toEqual(a);
    expect(build(4).cases.map((c) => c.id)).not.toEqual(a.cases.map((c) => c.id));
  });

  it('leaves every case unassigned when there is no staff', () => {
    const { cases: rows, events } = build(3, false);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((c) => c.assigneeUserId === null)).toBe(true);
    expect(events.every((e) => e.actor.type === 'system')).toBe(true);
  });
});
