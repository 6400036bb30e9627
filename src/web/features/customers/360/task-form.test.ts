import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../shared/contracts/tasks.js';
import {
  EMPTY_TASK,
  fromLocalInput,
  isOverdue,
  toLocalInput,
  toTaskCreate,
  toTaskValues,
} from './task-form.js';

const actor = { type: 'user' as const, id: 'me', name: 'Me' };
const task = (over: Partial<Task> = {}): Task => ({
  id: 't1',
  customerId: 'c1',
  title: 'Call back',
  description: null,
  assigneeId: 'me',
  dueAt: new Date(2024, 5, 3, 14, 5),
  status: 'open',
  completedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  createdBy: actor,
  updatedBy: actor,
  deletedAt: null,
  ...over,
});

describe('task form', () => {
  it('round-trips a due time through the local input', () => {
    const d = new Date(2024, 5, 3, 14, 5);
    expect(toLocalInput(d)).toBe('2024-06-03T14:05');
    expect(fromLocalInput('2024-06-03T14:05')).toBe(d.toISOString());
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('soon')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });

  it('builds the body: me, unassigned or a user; blanks as null', () => {
    expect(toTaskCreate({ ...EMPTY_TASK, title: '  Call back ' }, 'u1')).toEqual({
      title: 'Call back',
      description: null,
      dueAt: null,
      assigneeId: 'u1',
      status: 'open',
    });
    expect(toTaskCreate({ ...EMPTY_TASK, title: 'x', assignee: 'none' }, 'u1').assigneeId).toBeNull();
    expect(toTaskCreate({ ...EMPTY_TASK, title: 'x', assignee: 'u9' }, 'u1').assigneeId).toBe('u9');
  });

  it('reads a task back into the form', () => {
    expect(toTaskValues(task(), 'me')).toMatchObject({ assignee: 'me', due: '2024-06-03T14:05' });
    expect(toTaskValues(task({ assigneeId: null }), 'me').assignee).toBe('none');
    expect(toTaskValues(task({ assigneeId: 'u9' }), 'me').assignee).toBe('u9');
  });

  it('is overdue only while open and past due', () => {
    const now = new Date(2024, 5, 4);
    expect(isOverdue(task(), now)).toBe(true);
    expect(isOverdue(task({ status: 'in_progress' }), now)).toBe(true);
    expect(isOverdue(task({ status: 'done' }), now)).toBe(false);
    expect(isOverdue(task({ dueAt: null }), now)).toBe(false);
    expect(isOverdue(task({ dueAt: new Date(2024, 5, 5) }), now)).toBe(false);
  });
});
