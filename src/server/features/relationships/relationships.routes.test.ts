import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type { RelationshipPanel } from '../../../shared/contracts/relationships.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';

/**
 * Relationship intelligence through the API on a real database: customers with distinct
 * signatures are classified as the type the signature describes, and the policy check, next
 * actions, overrides, survey, stages, let-go and the portfolio behave as the issue says.
 */
const DAY = 86_400_000;
const clock = fixedClock('2026-06-30T12:00:00Z');
let t: TestApp;
let admin: Client & { as(role: 'agent' | 'manager' | 'analyst' | 'marketer'): Promise<Client> };
let workspaceId: string;
const ids: Record<string, string> = {};

const ago = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString();

async function order(
  client: Client,
  customerId: string,
  daysAgo: number,
  extra: Record<string, unknown> = {},
) {
  const res = await client.request('POST', '/api/v1/orders', {
    customerId,
    channel: 'front_desk',
    occurredAt: ago(daysAgo),
    currency: 'EUR',
    totalMinor: 12_000,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function touch(client: Client, customerId: string, type: string, daysAgo: number, properties = {}) {
  const res = await client.request('POST', '/api/v1/touchpoints', {
    customerId,
    channel: type === 'social_mention' ? 'social' : 'web',
    type,
    occurredAt: ago(daysAgo),
    properties,
  });
  expect(res.statusCode, res.body).toBe(201);
}

const panel = async (id: string): Promise<RelationshipPanel> => {
  const res = await admin.request('GET', `/api/v1/customers/${id}/relationship`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const recompute = () => t.services.relationships.recomputeNow(systemActor(workspaceId, 'test'));

const check = (customerId: string, action: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  admin.request('POST', '/api/v1/policy/check', { customerId, action, ...extra });

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  workspaceId = admin.workspaceId;
  const make = async (key: string, attributes: Record<string, unknown> = {}, prefersHumanService = false) => {
    ids[key] = (await createCustomerVia(admin, { attributes, prefersHumanService })).id;
  };
  await make('secret', { socialSharing: false, marketingConsent: false });
  await make('enemy', { marketingConsent: true });
  await make('plain', { marketingConsent: true });
  await make('arranged', { bookedBy: 'Acme Ltd travel desk', marketingConsent: true });
  await make('lapsing', { marketingConsent: true });
  for (const key of ['secret', 'enemy', 'plain', 'arranged']) {
    await order(admin, ids[key]!, 300);
    await order(admin, ids[key]!, 200);
    await order(admin, ids[key]!, 100);
  }
  await touch(admin, ids.enemy!, 'complaint', 10, { topic: 'noise at night' });
  await touch(admin, ids.enemy!, 'social_mention', 8, { sentiment: 'negative', text: 'never again' });
  await order(admin, ids.lapsing!, 500);
  await recompute();
}, 120_000);
afterAll(() => t.close());

describe('classification', () => {
  it('classifies each signature as its type, with confidence and plain-word signals', async () => {
    const secret = await panel(ids.secret!);
    expect(secret.profile?.type).toBe('secret_affair');
    expect(secret.profile?.signals.map((s) => s.text)).toContain(
      'keeps it private (no sharing, no marketing)',
    );
    expect(secret.profile!.confidence).toBeGreaterThan(0);
    expect(secret.profile!.confidence).toBeLessThanOrEqual(1);
    expect(secret.profile!.runnerUp).not.toBe('secret_affair');
    expect((await panel(ids.enemy!)).profile?.type).toBe('enmity');
    expect((await panel(ids.arranged!)).profile?.type).toBe('arranged_marriage');
    expect((await panel(ids.plain!)).profile?.type).toBe('casual_friends');
    expect(secret.rules?.avoid).toContain('social_sharing');
  });

  it('keeps a staff override with its reason across recomputes, and audits it', async () => {
    const noReason = await admin.request('PUT', `/api/v1/customers/${ids.plain}/relationship/override`, {
      type: 'committed_partnership',
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorPaths(noReason.json())).toEqual(['body.reason']);
    const res = await admin.request('PUT', `/api/v1/customers/${ids.plain}/relationship/override`, {
      type: 'committed_partnership',
      reason: 'Comes every anniversary; told the front desk he would never stay elsewhere',
    });
    expect(res.statusCode, res.body).toBe(200);
    await recompute();
    const p = await panel(ids.plain!);
    expect(p.profile?.type).toBe('committed_partnership');
    expect(p.profile?.inferredType).toBe('casual_friends');
    expect(p.override?.reason).toMatch(/anniversary/);
    const audit = await admin.request('GET', `/api/v1/audit?entityId=${ids.plain}`);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toContain('relationship.override');
    const removed = await admin.request('DELETE', `/api/v1/customers/${ids.plain}/relationship/override`);
    expect(removed.statusCode).toBe(204);
    expect((await panel(ids.plain!)).profile?.type).toBe('casual_friends');
  });

  it('lets the survey answer outrank behaviour, versioned', async () => {
    const bad = await admin.request('POST', `/api/v1/customers/${ids.plain}/relationship/survey`, {
      sentence: 'kinship',
      brq: { commitment: 9 },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.brq.commitment']);
    const first = await admin.request('POST', `/api/v1/customers/${ids.plain}/relationship/survey`, {
      sentence: 'kinship',
      brq: { commitment: 7, intimacy: 6 },
      attachment: { anxiety: 2, avoidance: 1 },
      source: 'preference_centre',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().version).toBe(1);
    const p = await panel(ids.plain!);
    expect(p.profile?.type).toBe('kinship');
    expect(p.profile?.fromSurvey).toBe(true);
    const second = await admin.request('POST', `/api/v1/customers/${ids.plain}/relationship/survey`, {
      sentence: 'casual_friends',
    });
    expect(second.json().version).toBe(2);
    const after = await panel(ids.plain!);
    expect(after.profile?.type).toBe('casual_friends');
    expect(after.survey.map((s) => s.version)).toEqual([2, 1]);
  });
});

describe('the survey by link', () => {
  // A workspace of its own: these customers must not count in the others' portfolio.
  let mine: Client & { as(role: 'agent' | 'manager' | 'analyst' | 'marketer'): Promise<Client> };
  beforeAll(async () => {
    mine = await createWorkspaceClient(t);
  });
  const open = (token: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/public/surveys/${token}`, ...(payload ? { payload } : {}) });
  const panelOf = async (id: string): Promise<RelationshipPanel> => {
    const res = await mine.request('GET', `/api/v1/customers/${id}/relationship`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('gives staff a link the customer answers without logging in; the answer outranks behaviour', async () => {
    const invitee = await createCustomerVia(mine, {
      givenName: 'Ines',
      familyName: 'Invited',
      attributes: { marketingConsent: true },
    });
    for (const days of [300, 200, 100]) await order(mine, invitee.id, days);
    const bad = await mine.request('POST', `/api/v1/customers/${invitee.id}/relationship/survey-links`, {
      expiresInDays: 400,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.expiresInDays']);
    const analyst = await mine.as('analyst');
    const refused = await analyst.request(
      'POST',
      `/api/v1/customers/${invitee.id}/relationship/survey-links`,
      {},
    );
    expect(refused.statusCode).toBe(403);

    const res = await mine.request('POST', `/api/v1/customers/${invitee.id}/relationship/survey-links`, {
      expiresInDays: 14,
    });
    expect(res.statusCode, res.body).toBe(201);
    const link = res.json();
    expect(link.url).toMatch(/^http:\/\/[^/]+\/survey\/rsv_[A-Za-z0-9_-]+$/);
    expect(new Date(link.expiresAt).getTime()).toBe(clock.now().getTime() + 14 * DAY);
    expect(['allow', 'warn', 'block']).toContain(link.policy.verdict);
    const token = link.url.split('/survey/')[1] as string;

    const shown = await open(token);
    expect(shown.statusCode, shown.body).toBe(200);
    const survey = shown.json();
    const ws = (await mine.request('GET', '/api/v1/workspace')).json();
    expect(survey).toMatchObject({ business: ws.name, givenName: 'Ines', answer: null });
    expect(new Set(survey.sentences.map((s: { type: string }) => s.type)).size).toBe(15);
    expect(survey.facets).toHaveLength(6);
    expect(survey.attachment.map((a: { key: string }) => a.key)).toEqual(['anxiety', 'avoidance']);

    // Field-named errors; the source is the link's, not the customer's to say.
    const wrong = await open(token, 'POST', { sentence: 'kinship', brq: { commitment: 9 }, source: 'staff' });
    expect(wrong.statusCode).toBe(400);
    expect(errorPaths(wrong.json())).toEqual(expect.arrayContaining(['body.brq.commitment']));

    const answer = { sentence: 'kinship', brq: { commitment: 7 }, attachment: { avoidance: 2 } };
    const answered = await open(token, 'POST', answer);
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().answer).toMatchObject({ ...answer, attachment: { avoidance: 2 } });
    let p = await panelOf(invitee.id);
    expect(p.profile).toMatchObject({ type: 'kinship', fromSurvey: true });
    expect(p.survey.map((s) => [s.version, s.source, s.sentence])).toEqual([[1, 'link', 'kinship']]);

    // A retry records nothing new; a change of mind is the next version; reopening shows the latest.
    expect((await open(token, 'POST', answer)).statusCode).toBe(200);
    expect((await panelOf(invitee.id)).survey).toHaveLength(1);
    await open(token, 'POST', { sentence: 'casual_friends' });
    p = await panelOf(invitee.id);
    expect(p.survey.map((s) => [s.version, s.sentence])).toEqual([
      [2, 'casual_friends'],
      [1, 'kinship'],
    ]);
    expect(p.profile?.type).toBe('casual_friends');
    expect((await open(token)).json().answer).toMatchObject({ sentence: 'casual_friends', brq: {} });

    // The audit says who answered.
    const audit = (await mine.request('GET', `/api/v1/audit?entityId=${invitee.id}`)).json();
    const actions = audit.items.map((e: { action: string; actor: { name: string } }) => [
      e.action,
      e.actor.name,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['relationship.survey_link', expect.any(String)],
        ['relationship.survey', 'customer (survey link)'],
      ]),
    );
  });

  it('refuses a forged, tampered or expired link, and one whose customer is gone, without saying which part was wrong', async () => {
    const someone = await createCustomerVia(mine, { givenName: 'Sol' });
    const make = async (customerId: string) => {
      const res = await mine.request('POST', `/api/v1/customers/${customerId}/relationship/survey-links`, {});
      expect(res.statusCode, res.body).toBe(201);
      return (res.json().url as string).split('/survey/')[1] as string;
    };
    const token = await make(someone.id);
    // One character of the secret changed (not the last: its low bits are padding).
    const at = token.length - 10;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    for (const forged of [tampered, 'rsv_nonsense', 'rk_abc', 'x'.repeat(90)]) {
      const res = await open(forged);
      expect(res.statusCode, forged).toBe(404);
      expect(res.json().code).toBe('SURVEY_LINK_NOT_FOUND');
    }
    const leaver = await createCustomerVia(mine, { givenName: 'Lee' });
    const leaverToken = await make(leaver.id);
    await mine.request('DELETE', `/api/v1/customers/${leaver.id}`);
    expect((await open(leaverToken)).json().code).toBe('SURVEY_LINK_NOT_FOUND');

    clock.advance(31 * DAY);
    try {
      const expired = await open(token, 'POST', { sentence: 'kinship' });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().code).toBe('SURVEY_LINK_EXPIRED');
    } finally {
      clock.advance(-31 * DAY);
    }
    expect((await panelOf(someone.id)).survey).toEqual([]);
  });
});

describe('policy check', () => {
  it('blocks promotions to an enmity with an open complaint, and says why', async () => {
    const res = await check(ids.enemy!, {
      channel: 'email',
      purpose: 'marketing',
      contentTags: ['promotion'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.verdict).toBe('block');
    expect(body.relationshipType).toBe('enmity');
    expect(body.reasons.map((r: { code: string }) => r.code)).toContain('open_complaint');
  });

  it('blocks marketing without consent and avoided content for a secret affair', async () => {
    const body = (
      await check(ids.secret!, { channel: 'email', purpose: 'loyalty', contentTags: ['social_sharing'] })
    ).json();
    expect(body.verdict).toBe('block');
    expect(body.reasons.map((r: { code: string }) => r.code).sort()).toEqual(
      expect.arrayContaining(['content_avoided', 'no_consent']),
    );
  });

  it('allows a service reply and counts sent contacts against the frequency rule', async () => {
    const service = await check(ids.arranged!, { channel: 'email', purpose: 'service', automated: false });
    expect(service.json().verdict, service.body).toBe('allow');
    const rules = (await panel(ids.arranged!)).rules!;
    const loyalty = { channel: rules.preferredChannel, purpose: 'loyalty' };
    // Dry runs do not count as contacts …
    for (let i = 0; i < rules.maxContactsPer30Days + 1; i++) {
      expect((await check(ids.arranged!, loyalty)).json().verdict).toBe('allow');
    }
    // … sent ones do, up to the type's limit.
    for (let i = 0; i < rules.maxContactsPer30Days; i++) {
      expect((await check(ids.arranged!, loyalty, { contact: true })).json().verdict).toBe('allow');
    }
    const over = (await check(ids.arranged!, loyalty, { contact: true })).json();
    expect(over.verdict).toBe('block');
    expect(over.reasons.map((r: { code: string }) => r.code)).toEqual(['frequency_exceeded']);
    // Planned for 31 days on, the window has moved past them.
    const later = new Date(clock.now().getTime() + 31 * DAY).toISOString();
    expect((await check(ids.arranged!, { ...loyalty, at: later })).json().verdict).toBe('allow');
  });

  it('answers problem+json naming the field for a bad action, and 404 for an unknown customer', async () => {
    const bad = await check(ids.plain!, { channel: 'pigeon', purpose: 'marketing' });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.action.channel']);
    const missing = await check('00000000-0000-4000-8000-000000000000', {
      channel: 'email',
      purpose: 'service',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('follows an edited rule, and resets it', async () => {
    const rules = (await panel(ids.arranged!)).rules!;
    const put = await admin.request('PUT', '/api/v1/relationships/rules/arranged_marriage', {
      ...rules,
      allowedPurposes: ['service', 'transactional'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().edited).toEqual(['arranged_marriage']);
    const blocked = (
      await check(ids.arranged!, { channel: rules.preferredChannel, purpose: 'feedback_request' })
    ).json();
    expect(blocked.reasons.map((r: { code: string }) => r.code)).toContain('purpose_not_allowed');
    const agent = await admin.as('agent');
    expect((await agent.request('DELETE', '/api/v1/relationships/rules/arranged_marriage')).statusCode).toBe(
      403,
    );
    const reset = await admin.request('DELETE', '/api/v1/relationships/rules/arranged_marriage');
    expect(reset.json().edited).toEqual([]);
    const invalid = await admin.request('PUT', '/api/v1/relationships/rules/arranged_marriage', {
      ...rules,
      maxContactsPer30Days: -1,
    });
    expect(errorPaths(invalid.json())).toEqual(['body.maxContactsPer30Days']);
  });
});

describe('next best actions', () => {
  it('puts recovery first for an open complaint and never suggests what the policy blocks', async () => {
    const p = await panel(ids.enemy!);
    expect(p.nextActions.length).toBeGreaterThan(0);
    expect(p.nextActions.length).toBeLessThanOrEqual(3);
    expect(p.nextActions[0]!.key).toBe('recover_complaint');
    for (const a of p.nextActions) expect(a.policy.verdict).not.toBe('block');
    expect(p.nextActions.some((a) => a.action.purpose === 'marketing')).toBe(false);
  });

  it('lists customers who need action for agents', async () => {
    const agent = await admin.as('agent');
    const res = await agent.request('GET', '/api/v1/relationships/work-list?openComplaints=true');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { customerId: string; nextActions: { key: string }[] }[];
    expect(items.map((i) => i.customerId)).toEqual([ids.enemy]);
    expect(items[0]!.nextActions[0]!.key).toBe('recover_complaint');
  });
});

describe('letting a customer go', () => {
  it('needs a reason and the right role, keeps the relationship beside the value, and is audited', async () => {
    const manager = await admin.as('manager');
    const agent = await admin.as('agent');
    const url = `/api/v1/customers/${ids.plain}/relationship/let-go`;
    const noReason = await manager.request('POST', url, { decision: 'let_go', reason: 'low' });
    expect(noReason.statusCode).toBe(400);
    expect(errorPaths(noReason.json())).toEqual(['body.reason']);
    expect(
      (await agent.request('POST', url, { decision: 'let_go', reason: 'low value for two years' }))
        .statusCode,
    ).toBe(403);
    const res = await manager.request('POST', url, {
      decision: 'deprioritise',
      reason: 'low value for two years',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d.snapshot).toMatchObject({ type: 'casual_friends' });
    expect(typeof d.snapshot.strength).toBe('number');
    expect(Array.isArray(d.snapshot.signals)).toBe(true);
    expect((await panel(ids.plain!)).letGo.map((l) => l.decision)).toEqual(['deprioritise']);
  });
});

describe('portfolio and the scoring model', () => {
  it('reports the type mix and the violations the policy check prevented', async () => {
    const res = await admin.request('GET', '/api/v1/relationships/portfolio');
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.customers).toBe(5);
    const mix = Object.fromEntries(
      p.typeMix.map((x: { type: string; customers: number }) => [x.type, x.customers]),
    );
    expect(mix).toMatchObject({ secret_affair: 1, enmity: 1, arranged_marriage: 1 });
    expect(p.violationsPrevented.blocked).toBeGreaterThanOrEqual(3);
    const codes = p.violationsPrevented.byReason.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['open_complaint', 'frequency_exceeded', 'no_consent']));
    const bad = await admin.request('GET', '/api/v1/relationships/portfolio?from=2026-07-01&to=2026-06-01');
    expect(errorPaths(bad.json())).toEqual(['query.from']);
  });

  it('previews how many customers an edit moves, then saves it as a new version', async () => {
    const current = (await admin.request('GET', '/api/v1/relationships/classifier')).json();
    expect(current.version).toBe(0);
    const edited = {
      types: { ...current.types, secret_affair: { bias: 20, weights: {} } },
      surveyWeight: current.surveyWeight,
      temperature: current.temperature,
      note: 'everyone is discreet',
    };
    const preview = await admin.request('POST', '/api/v1/relationships/classifier/preview', edited);
    expect(preview.statusCode, preview.body).toBe(200);
    // Everyone but the secret affair moves (the survey answer counts, but not against bias 20).
    expect(preview.json().moved).toBe(4);
    expect((await admin.request('GET', '/api/v1/relationships/classifier')).json().version).toBe(0);
    const unknown = await admin.request('POST', '/api/v1/relationships/classifier/preview', {
      ...edited,
      types: { enmity: { bias: 0, weights: { shoe_size: 1 } } },
    });
    expect(errorPaths(unknown.json())).toEqual(['body.types.enmity.weights.shoe_size']);
    const saved = await admin.request('PUT', '/api/v1/relationships/classifier', edited);
    expect(saved.json().version).toBe(1);
    await recompute();
    const p = await panel(ids.enemy!);
    expect(p.profile?.type).toBe('secret_affair');
    expect(p.profile?.configVersion).toBe(1);
  });
});

describe('the nightly run', () => {
  it('queues one run a day on the value runs’ schedule, none when they are off', async () => {
    const system = systemActor(workspaceId, 'test');
    const runs = async () => (await t.services.relationships.listRuns(system)).length;
    const before = await runs();
    // 13:00 in London, past the value run's 02:00 plus two hours.
    await t.services.relationships.nightlyTick(clock.now());
    await t.services.relationships.nightlyTick(clock.now());
    expect(await runs()).toBe(before + 1);
    await t.services.value.updateSettings(system, { nightly: false });
    clock.advance(86_400_000);
    await t.services.relationships.nightlyTick(clock.now());
    expect(await runs()).toBe(before + 1);
    await t.services.value.updateSettings(system, { nightly: true });
    clock.advance(-86_400_000);
  });
});

// Last: it moves the clock past the sessions' lifetime.
describe('stages', () => {
  it('stores every stage change as an episode and counts repeat churn', async () => {
    const lapsed = await panel(ids.lapsing!);
    expect(lapsed.stage.current).toBe('lapsed');
    // Months pass, longer than a session lasts: the service is called as the system.
    const system = systemActor(workspaceId, 'test');
    const systemPanel = () => t.services.relationships.panel(system, ids.lapsing!);
    clock.advance(2 * DAY);
    await t.services.orders.create(system, {
      customerId: ids.lapsing!,
      channel: 'front_desk',
      occurredAt: clock.now().toISOString(),
      currency: 'EUR',
      totalMinor: 9_000,
    });
    await recompute();
    expect((await systemPanel()).stage.current).toBe('won_back');
    clock.advance(400 * DAY);
    await recompute();
    const again = await systemPanel();
    expect(again.stage.current).toBe('lapsed');
    expect(again.stage.episodes.map((e) => e.stage)).toEqual(['lapsed', 'won_back', 'lapsed']);
    expect(again.stage.churns).toBe(2);
    const portfolio = await t.services.relationships.portfolio(system);
    expect(portfolio.churn.repeatLapsed).toBe(1);
  });
});
