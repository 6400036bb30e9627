import { describe, expect, it } from 'vitest';
import type { FieldDecision } from '../../../shared/contracts/identities.js';
import { createFormatter } from '../../lib/format.js';
import {
  decisionReason,
  decisionValue,
  evidenceText,
  movesText,
  scoreText,
  survivorOf,
  winnerLabel,
} from './identity-display.js';

const fmt = createFormatter('en-GB', 'Europe/London', 'EUR');

const decision = (over: Partial<FieldDecision>): FieldDecision => ({
  field: 'name',
  survivor: 'Ann Smith',
  merged: 'Anne Smith',
  result: 'Anne Smith',
  rule: 'most_recent',
  from: 'merged',
  ...over,
});

describe('decisionValue', () => {
  it('writes contact lists, addresses, birthdays and attributes as text', () => {
    expect(
      decisionValue(
        'emails',
        [
          { value: 'ann@example.com', primary: true },
          { value: 'ann@work.example', primary: false },
        ],
        fmt,
      ),
    ).toBe('ann@example.com, ann@work.example');
    expect(
      decisionValue('address', { line1: '1 Quay St', postalCode: 'M3 3JE', city: 'Manchester' }, fmt),
    ).toBe('1 Quay St, M3 3JE Manchester');
    expect(decisionValue('birthday', '1990-03-04', fmt)).toBe('4 Mar 1990');
    expect(decisionValue('attributes', { room: 'quiet', floor: 3 }, fmt)).toBe('room: quiet; floor: 3');
    expect(decisionValue('prefersHumanService', true, fmt)).toBe('Yes');
    expect(decisionValue('prefersHumanService', false, fmt)).toBe('No');
    expect(decisionValue('birthday', null, fmt)).toBe('—');
    expect(decisionValue('tags', [], fmt)).toBe('—');
  });
});

describe('decisionReason', () => {
  it('names the rule only when both sides had a value', () => {
    expect(decisionReason(decision({ rule: 'most_trusted' }))).toBe('most trusted source');
    expect(decisionReason(decision({ rule: 'most_recent', survivor: null, from: 'merged' }))).toBe(
      'the only value',
    );
    expect(decisionReason(decision({ survivor: 'Ann', merged: 'Ann', from: 'both' }))).toBe('same on both');
    expect(decisionReason(decision({ survivor: null, merged: null, from: 'none' }))).toBe('empty on both');
    expect(decisionReason(decision({ field: 'tags', rule: 'combined', from: 'both' }))).toBe(
      'combined from both',
    );
    expect(decisionReason(decision({ field: 'prefersHumanService', rule: 'either' }))).toBe(
      'yes if either said so',
    );
  });
});

describe('effectiveFrom and winnerLabel', () => {
  it('treats empty lists as no value, as people read them', () => {
    const phones = decision({
      field: 'phones',
      rule: 'combined',
      survivor: [],
      merged: [{ value: '+33612345678', primary: true }],
      from: 'both',
    });
    expect(winnerLabel(phones)).toBe('Merged');
    expect(decisionReason(phones)).toBe('the only value');
    const tags = decision({
      field: 'tags',
      rule: 'combined',
      survivor: [],
      merged: [],
      result: [],
      from: 'survivor',
    });
    expect(winnerLabel(tags)).toBe('Neither');
    expect(decisionReason(tags)).toBe('empty on both');
    const nothingNew = decision({
      field: 'tags',
      rule: 'combined',
      survivor: ['vip'],
      merged: ['vip'],
      result: ['vip'],
      from: 'survivor',
    });
    expect(decisionReason(nothingNew)).toBe('nothing new to add');
    expect(winnerLabel(decision({ from: 'merged' }))).toBe('Merged');
  });
});

describe('movesText', () => {
  it('lists what moves, largest first, leaving out nothing-to-move entities', () => {
    expect(movesText({ order: 1, touchpoint: 1204, note: 0, company_link: 2 }, fmt)).toBe(
      '1,204 touch points, 2 company links, 1 order',
    );
    expect(movesText({ identity: 0 }, fmt)).toBe('nothing');
  });
});

describe('evidenceText', () => {
  it('says which identity an event named both customers by', () => {
    expect(
      evidenceText({
        trigger: 'event',
        evidence: { messageId: 'm-42', identity: { kind: 'email', source: '', value: 'ann@example.com' } },
      }),
    ).toBe('Event m-42 named both by e-mail ann@example.com');
    expect(evidenceText({ trigger: 'staff', evidence: { reason: 'same guest' } })).toBe(
      'Reason: “same guest”',
    );
    expect(evidenceText({ trigger: 'staff', evidence: {} })).toBeNull();
  });
});

describe('survivorOf', () => {
  it('keeps the older customer of a pair, whichever side it is on', () => {
    const older = { id: 'b', createdAt: new Date('2024-01-01T00:00:00Z') };
    const newer = { id: 'a', createdAt: new Date('2025-06-01T00:00:00Z') };
    const person = (p: { id: string; createdAt: Date }) => ({
      ...p,
      fullName: p.id,
      primaryEmail: null,
      primaryPhone: null,
      birthday: null,
      city: null,
    });
    expect(survivorOf({ customers: [person(newer), person(older)] })).toEqual({
      survivorId: 'b',
      mergedId: 'a',
    });
    expect(survivorOf({ customers: [person(older), person(newer)] })).toEqual({
      survivorId: 'b',
      mergedId: 'a',
    });
  });

  it('writes scores as percentages', () => {
    expect(scoreText(0.914)).toBe('91%');
    expect(scoreText(1)).toBe('100%');
  });
});
