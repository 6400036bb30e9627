import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/contracts/common.js';
import { ACTIONS, can } from '../../../shared/permissions.js';
import { describeRole, roleAbilities, roleOptions } from './settings.roles.js';

describe('roleAbilities', () => {
  it('splits every action into allowed and denied exactly as can() decides', () => {
    for (const role of ROLES) {
      const { allowed, denied } = roleAbilities(role);
      expect([...allowed, ...denied].sort()).toEqual([...ACTIONS].sort());
      for (const action of allowed) expect(can({ role }, action)).toBe(true);
      for (const action of denied) expect(can({ role }, action)).toBe(false);
    }
  });
});

describe('describeRole', () => {
  it('says what an analyst can and cannot do', () => {
    const text = describeRole('analyst');
    expect(text).toMatch(/^Can view customers, companies and activity and export data\. Cannot /);
    expect(text).toContain('create and edit records');
    expect(text.indexOf('create and edit records')).toBeGreaterThan(text.indexOf('Cannot'));
    expect(text).toMatch(/or read the audit log\.$/);
  });

  it('gives admins everything, and only admins user management', () => {
    expect(describeRole('admin')).toMatch(/^Can do everything: .*manage users/);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const text = describeRole(role);
      expect(text.indexOf('manage users')).toBeGreaterThan(text.indexOf('Cannot'));
    }
  });

  it('offers every role once, with its description', () => {
    const options = roleOptions();
    expect(options.map((o) => o.value)).toEqual([...ROLES]);
    expect(options.find((o) => o.value === 'agent')?.description).toBe(describeRole('agent'));
  });
});
