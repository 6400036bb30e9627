import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { createTestWorkspace } from '../../test/factories.js';
import { createServices } from '../server/app.js';
import type { Database } from '../server/db/client.js';
import { systemClock } from '../server/lib/clock.js';
import { TouchpointTypeKey } from '../shared/contracts/touchpoint-types.js';
import { createDemo } from './generate.js';
import { seedDemo } from './seed.js';
import { DEMO_CHANNELS, DEMO_TOUCHPOINT_TYPES } from './touchpoint-catalogue.js';

describe('the demo hotel group catalogue', () => {
  const demo = createDemo({ seed: 7, customers: 400, now: new Date('2026-03-01T00:00:00Z') });
  const written = new Map<string, { rated: boolean; channels: Set<string> }>();
  for (const record of demo.records()) {
    for (const t of record.touchpoints) {
      const seen = written.get(t.type) ?? { rated: false, channels: new Set<string>() };
      seen.rated ||= t.satisfaction !== null;
      seen.channels.add(t.channel);
      written.set(t.type, seen);
    }
  }

  it('names every type the generator writes, and asks for satisfaction wherever it records one', () => {
    expect(written.size).toBeGreaterThan(10);
    const byKey = new Map(DEMO_TOUCHPOINT_TYPES.map((t) => [t.key, t]));
    expect([...written.keys()].filter((k) => !byKey.has(k))).toEqual([]);
    const ratedButNotCapturing = [...written].filter(
      ([k, w]) => w.rated && !byKey.get(k)?.capturesSatisfaction,
    );
    expect(ratedButNotCapturing.map(([k]) => k)).toEqual([]);
  });

  it('has the hotel touch points of the issue, valid unique keys, and keeps used channels enabled', () => {
    const keys = DEMO_TOUCHPOINT_TYPES.map((t) => t.key);
    for (const k of [
      'reservation',
      'check_in',
      'check_out',
      'room_service',
      'restaurant_visit',
      'spa_visit',
    ]) {
      expect(keys).toContain(k);
    }
    for (const k of ['call', 'web_visit', 'email_open', 'app_session', 'review', 'complaint'])
      expect(keys).toContain(k);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(TouchpointTypeKey.safeParse(k).success, k).toBe(true);
    const disabled = new Set(DEMO_CHANNELS.filter((c) => !c.enabled).map((c) => c.channel));
    const used = new Set([...written.values()].flatMap((w) => [...w.channels]));
    expect([...used].filter((c) => disabled.has(c as never))).toEqual([]);
  });
});

describe('seeding the demo', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('installs the hotel catalogue instead of the defaults, over defaults a first read wrote', async () => {
    const { id, actor } = await createTestWorkspace(database);
    const services = createServices({ database, clock: systemClock });
    expect((await services.touchpointTypes.listTypes(actor)).map((t) => t.key)).toContain('visit');
    await seedDemo(database, {
      workspaceId: id,
      customers: 20,
      seed: 3,
      now: new Date('2026-03-01T00:00:00Z'),
    });
    const live = await services.touchpointTypes.listTypes(actor);
    expect(live.map((t) => t.key)).toEqual(DEMO_TOUCHPOINT_TYPES.map((t) => t.key));
    const channels = await services.touchpointTypes.listChannels(actor);
    expect(channels.find((c) => c.channel === 'front_desk')).toMatchObject({
      label: 'Reception',
      enabled: true,
    });
    expect(channels.find((c) => c.channel === 'sms')?.enabled).toBe(false);
  });
});
