import { describe, expect, it } from 'vitest';
import { rulesBody, rulesChanged, rulesFormOf } from './rules-form.js';
import { rules } from './test-fixtures.js';

describe('rules form', () => {
  it('compares purposes as a set, whatever order they were ticked in', () => {
    const r = rules();
    const form = rulesFormOf(r);
    expect(rulesChanged(r, { ...form, allowedPurposes: [...form.allowedPurposes].reverse() })).toBe(false);
    expect(rulesChanged(r, { ...form, maxContactsPer30Days: 4 })).toBe(true);
  });

  it('sends the rules in the contract’s order', () => {
    const form = { ...rulesFormOf(rules()), allowedPurposes: ['service' as const, 'loyalty' as const] };
    const result = rulesBody(form);
    expect(result.ok && result.body.allowedPurposes).toEqual(['loyalty', 'service']);
  });

  it('says what is missing or malformed under the input it concerns', () => {
    const result = rulesBody({
      ...rulesFormOf(rules()),
      allowedPurposes: [],
      maxContactsPer30Days: '',
      avoid: ['Friendship Talk'],
      guidance: '',
    });
    expect(!result.ok && result.errors).toEqual({
      allowedPurposes: 'allow at least one purpose (service, say)',
      maxContactsPer30Days: 'is required',
      'avoid.0': 'a content tag is lower-case letters, digits and _ (at most 40)',
      guidance: 'say in a sentence what staff should do',
    });
  });
});
