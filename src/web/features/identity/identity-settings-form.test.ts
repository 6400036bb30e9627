import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from '../../../shared/contracts/identities.js';
import {
  blockedValueError,
  blockedValueErrors,
  changedSettings,
  formOf,
  kindsOf,
  moveItem,
  validatePatch,
} from './identity-settings-form.js';

const settings: IdentitySettings = structuredClone(DEFAULT_IDENTITY_SETTINGS);

describe('identity settings form', () => {
  it('lists kinds by priority whatever order they are stored in', () => {
    const shuffled = { ...settings, kinds: [...settings.kinds].reverse() };
    expect(formOf(shuffled).kinds.map((k) => k.kind)).toEqual([
      'external_id',
      'loyalty',
      'email',
      'phone',
      'anonymous',
    ]);
  });

  it('sends nothing when nothing changed', () => {
    expect(changedSettings(settings, formOf(settings))).toEqual({});
  });

  it('moving a kind hands the stored priority numbers out in the new order', () => {
    const custom = {
      ...settings,
      kinds: settings.kinds.map((k, i) => ({ ...k, priority: [1, 2, 5, 10, 20][i]! })),
    };
    const form = formOf(custom);
    form.kinds = moveItem(form.kinds, 2, -1); // e-mail above loyalty
    expect(kindsOf(custom, form).map((k) => [k.kind, k.priority])).toEqual([
      ['external_id', 1],
      ['email', 2],
      ['loyalty', 5],
      ['phone', 10],
      ['anonymous', 20],
    ]);
    expect(Object.keys(changedSettings(custom, form))).toEqual(['kinds']);
  });

  it('sends each changed setting whole and leaves the others out', () => {
    const form = formOf(settings);
    form.blockedValues = [...form.blockedValues, 'noreply@example.com'];
    form.survivorship = { ...form.survivorship, address: 'most_trusted' };
    form.userIdSource = '  pms ';
    expect(changedSettings(settings, form)).toEqual({
      blockedValues: [...settings.blockedValues, 'noreply@example.com'],
      survivorship: { ...settings.survivorship, address: 'most_trusted' },
      userIdSource: 'pms',
    });
  });

  it('moves items within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('validates with the shared contract, keyed like the server', () => {
    const form = formOf(settings);
    form.kinds[1] = { ...form.kinds[1]!, limit: '' };
    const check = validatePatch(changedSettings(settings, form));
    expect(check.ok).toBe(false);
    expect(check.ok ? {} : Object.keys(check.errors)).toEqual(['kinds.1.limit']);
  });

  it('refuses a broken regular expression or a value already listed', () => {
    expect(blockedValueError('/[a-/', ['x'])).toBe('is not a valid /regular expression/');
    expect(blockedValueError('null', ['null'])).toBe('is already in the list');
    expect(blockedValueError('/^x+$/', ['null'])).toBeNull();
  });

  it('names the value a blocked-value error is about', () => {
    expect(blockedValueErrors({ 'blockedValues.1': 'is bad', userIdSource: 'x' }, ['a', '/(/'])).toEqual([
      { value: '/(/', message: 'is bad' },
    ]);
  });
});
