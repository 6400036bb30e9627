import { describe, expect, it } from 'vitest';
import {
  CONTACT_PURPOSES,
  type PlannedAction,
  PlannedAction as PlannedActionSchema,
  RELATIONSHIP_TYPES,
  RelationshipRules,
  type RelationshipType,
} from '../../../../shared/contracts/relationships.js';
import { CONTACT_WINDOW_MS, checkPolicy, type PolicyFacts } from './policy.js';
import { DEFAULT_RULES, isServicePurpose, TYPE_ORIENTATION } from './rules.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 86_400_000;

function facts(type: RelationshipType, over: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    type,
    rules: DEFAULT_RULES[type],
    stage: 'maturity',
    openComplaints: 0,
    marketingConsent: true,
    prefersHumanService: false,
    recentContacts: [],
    ...over,
  };
}

function action(over: Partial<PlannedAction> = {}): PlannedAction {
  return PlannedActionSchema.parse({ channel: 'email', purpose: 'marketing', automated: true, ...over });
}

const codes = (f: PolicyFacts, a: PlannedAction) => checkPolicy(f, a, NOW).reasons.map((r) => r.code);

describe('default rules', () => {
  it('every type has valid rules and an orientation', () => {
    for (const type of RELATIONSHIP_TYPES) {
      expect(RelationshipRules.safeParse(DEFAULT_RULES[type]).success, type).toBe(true);
      expect(['communal', 'exchange']).toContain(TYPE_ORIENTATION[type]);
      // Service to the customer is never refused by type.
      expect(DEFAULT_RULES[type].allowedPurposes, type).toEqual(
        expect.arrayContaining(['service', 'transactional']),
      );
    }
  });

  it('exchange-minded types never get friendship talk; communal ones get warm or gentle tone', () => {
    for (const type of RELATIONSHIP_TYPES) {
      const r = DEFAULT_RULES[type];
      if (TYPE_ORIENTATION[type] === 'exchange') expect(r.avoid, type).toContain('friendship_talk');
      else expect(['warm_personal', 'gentle', 'discreet'], type).toContain(r.tone);
    }
  });

  it('only service and transactional purposes are service', () => {
    expect(CONTACT_PURPOSES.filter(isServicePurpose)).toEqual(['service', 'transactional']);
  });
});

describe('checkPolicy, each rule', () => {
  it('allows a plain marketing e-mail to a consenting committed partner', () => {
    expect(checkPolicy(facts('committed_partnership'), action(), NOW)).toEqual({
      verdict: 'allow',
      reasons: [],
    });
  });

  it('blocks a purpose the type does not allow', () => {
    const d = checkPolicy(facts('enmity'), action({ purpose: 'marketing', channel: 'phone' }), NOW);
    expect(d.verdict).toBe('block');
    expect(d.reasons.map((r) => r.code)).toEqual(['purpose_not_allowed']);
  });

  it('blocks content the type avoids, naming the tags', () => {
    const d = checkPolicy(
      facts('secret_affair'),
      action({ purpose: 'loyalty', contentTags: ['social_sharing', 'birthday'] }),
      NOW,
    );
    expect(d.verdict).toBe('block');
    expect(d.reasons[0]).toMatchObject({ code: 'content_avoided' });
    expect(d.reasons[0]?.message).toContain('social_sharing');
    expect(d.reasons[0]?.message).not.toContain('birthday');
  });

  it('an exchange-minded customer gets no friendship talk', () => {
    expect(
      codes(
        facts('marriage_of_convenience'),
        action({ purpose: 'cross_sell', contentTags: ['friendship_talk'] }),
      ),
    ).toEqual(['content_avoided']);
  });

  it('an open complaint blocks selling and warns on other non-service contact, never on service', () => {
    const f = facts('best_friendship', { openComplaints: 1 });
    expect(checkPolicy(f, action({ purpose: 'marketing' }), NOW).verdict).toBe('block');
    expect(checkPolicy(f, action({ purpose: 'loyalty', contentTags: ['promotion'] }), NOW).verdict).toBe(
      'block',
    );
    expect(checkPolicy(f, action({ purpose: 'feedback_request' }), NOW)).toMatchObject({
      verdict: 'warn',
      reasons: [{ code: 'open_complaint', verdict: 'warn' }],
    });
    expect(codes(f, action({ purpose: 'service', automated: false }))).toEqual([]);
  });

  it('in person, a celebration waits while a complaint is open; discretion and enmity hold it back altogether', () => {
    const milestone = action({
      channel: 'in_person',
      purpose: 'service',
      automated: false,
      contentTags: ['celebration', 'public_recognition'],
    });
    expect(checkPolicy(facts('best_friendship'), milestone, NOW).verdict).toBe('allow');
    expect(checkPolicy(facts('best_friendship', { openComplaints: 1 }), milestone, NOW)).toMatchObject({
      verdict: 'warn',
      reasons: [{ code: 'open_complaint', message: expect.stringContaining('before celebrating') }],
    });
    // No consent is needed to greet someone at the desk, and the frequency rule does not count it.
    const busy = {
      marketingConsent: false,
      recentContacts: Array.from({ length: 61 }, (_, i) => new Date(NOW.getTime() - (i + 1) * 3_600_000)),
    };
    expect(codes(facts('courtship', busy), milestone)).toEqual([]);
    expect(codes(facts('secret_affair'), milestone)).toEqual(['content_avoided']);
    expect(codes(facts('enmity'), milestone)).toEqual(['content_avoided']);
  });

  it('enmity with an open complaint: a promotion is blocked for three reasons', () => {
    const d = checkPolicy(
      facts('enmity', { openComplaints: 2 }),
      action({ purpose: 'marketing', contentTags: ['promotion'] }),
      NOW,
    );
    expect(d.verdict).toBe('block');
    expect(d.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['purpose_not_allowed', 'content_avoided', 'open_complaint']),
    );
  });

  it('withdrawn consent blocks marketing, cross-sell and loyalty; unknown consent warns; service needs none', () => {
    for (const purpose of ['marketing', 'cross_sell', 'loyalty'] as const) {
      const f = facts('committed_partnership', { marketingConsent: false });
      expect(
        checkPolicy(f, action({ purpose }), NOW).reasons.map((r) => r.code),
        purpose,
      ).toContain('no_consent');
      expect(checkPolicy(f, action({ purpose }), NOW).verdict).toBe('block');
      const unknown = checkPolicy(
        facts('committed_partnership', { marketingConsent: null }),
        action({ purpose }),
        NOW,
      );
      expect(unknown).toMatchObject({ verdict: 'warn', reasons: [{ code: 'no_consent', verdict: 'warn' }] });
    }
    expect(
      codes(
        facts('committed_partnership', { marketingConsent: false }),
        action({ purpose: 'transactional' }),
      ),
    ).toEqual([]);
  });

  it('counts non-service contacts in the rolling 30 days before the planned time', () => {
    const max = DEFAULT_RULES.casual_friends.maxContactsPer30Days;
    const inside = Array.from({ length: max }, (_, i) => new Date(NOW.getTime() - (i + 1) * DAY));
    const f = facts('casual_friends', { recentContacts: inside });
    expect(checkPolicy(f, action(), NOW)).toMatchObject({
      verdict: 'block',
      reasons: [{ code: 'frequency_exceeded' }],
    });
    // One fewer: allowed.
    expect(codes(facts('casual_friends', { recentContacts: inside.slice(1) }), action())).toEqual([]);
    // Contacts that left the window, or lie after the planned time, do not count.
    const old = inside.map((d) => new Date(d.getTime() - CONTACT_WINDOW_MS));
    expect(codes(facts('casual_friends', { recentContacts: old }), action())).toEqual([]);
    const planned = new Date(NOW.getTime() - 40 * DAY).toISOString();
    expect(codes(f, action({ at: planned }))).toEqual([]);
    // Service is never limited by frequency.
    expect(codes(f, action({ purpose: 'service', automated: false }))).toEqual([]);
  });

  it('warns on selling to lapsed and courting customers', () => {
    expect(codes(facts('casual_friends', { stage: 'lapsed' }), action())).toEqual(['lapsed_customer']);
    expect(codes(facts('casual_friends', { stage: 'courtship' }), action())).toEqual(['courtship_pace']);
    expect(codes(facts('casual_friends', { stage: 'growth' }), action())).toEqual([]);
  });

  it('warns when a non-service action leaves the preferred channel', () => {
    expect(codes(facts('casual_friends'), action({ channel: 'sms' }))).toEqual(['channel_not_preferred']);
    expect(codes(facts('casual_friends'), action({ channel: 'sms', purpose: 'service' }))).toEqual([]);
  });

  it('warns when automation answers a customer who expects a person', () => {
    const human = facts('dependency');
    expect(codes(human, action({ purpose: 'service', channel: 'phone', automated: true }))).toEqual([
      'automation_for_human_customer',
    ]);
    expect(codes(human, action({ purpose: 'service', channel: 'phone', automated: false }))).toEqual([]);
    const prefers = facts('marriage_of_convenience', { prefersHumanService: true });
    const d = checkPolicy(prefers, action({ purpose: 'service' }), NOW);
    expect(d.reasons[0]?.message).toContain('prefers a human');
    expect(codes(facts('marriage_of_convenience'), action({ purpose: 'service' }))).toEqual([]);
  });
});

describe('checkPolicy, the matrix', () => {
  it('verdict is the worst reason, for every type × purpose × stage × complaint × consent', () => {
    const stages = ['courtship', 'maturity', 'lapsed'] as const;
    const consents = [true, false, null] as const;
    let blocks = 0;
    for (const type of RELATIONSHIP_TYPES) {
      for (const purpose of CONTACT_PURPOSES) {
        for (const stage of stages) {
          for (const openComplaints of [0, 1]) {
            for (const marketingConsent of consents) {
              const f = facts(type, { stage, openComplaints, marketingConsent });
              const a = action({ purpose, channel: DEFAULT_RULES[type].preferredChannel, automated: false });
              const d = checkPolicy(f, a, NOW);
              const worst = d.reasons.some((r) => r.verdict === 'block')
                ? 'block'
                : d.reasons.length
                  ? 'warn'
                  : 'allow';
              expect(d.verdict).toBe(worst);
              const allowed = DEFAULT_RULES[type].allowedPurposes.includes(purpose);
              if (!allowed) expect(d.verdict).toBe('block');
              if (isServicePurpose(purpose)) expect(d.verdict, `${type} ${purpose}`).toBe('allow');
              if (openComplaints && (purpose === 'marketing' || purpose === 'cross_sell'))
                expect(d.verdict).toBe('block');
              if (marketingConsent === false && purpose === 'loyalty') expect(d.verdict).toBe('block');
              if (d.verdict === 'block') blocks++;
            }
          }
        }
      }
    }
    expect(blocks).toBeGreaterThan(0);
  });
});
