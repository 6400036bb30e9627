import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { canDeleteTasks, canReadTasks, canWriteTasks } from './tasks.policy.js';

/** [read, write, delete] per role: analysts only read; agents and marketers cannot delete. */
const EXPECTED: Record<Role, [boolean, boolean, boolean]> = {
  admin: [true, true, true],
  manager: [true, true, true],
  agent: [true, true, false],
  marketer: [true, true, false],
  analyst: [true, false, false],
};

describe('tasks policy', () => {
  it.each(ROLES)('%s', (role) => {
    const actor = { role };
    expect([canReadTasks(actor), canWriteTasks(actor), canDeleteTasks(actor)]).toEqual(EXPECTED[role]);
  });
});
