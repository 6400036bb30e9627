import {
  OPEN_TASK_STATUSES,
  type Task,
  type TaskCreate,
  type TaskStatus,
  type TaskUpdate,
} from '../../../../shared/contracts/tasks.js';

/** What the task form holds. `due` is a `datetime-local` value (the browser's local time). */
export interface TaskValues {
  title: string;
  description: string;
  due: string;
  /** 'none' (unassigned), 'me', or a user id. */
  assignee: string;
  status: TaskStatus;
}

export const EMPTY_TASK: TaskValues = { title: '', description: '', due: '', assignee: 'me', status: 'open' };

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as a `datetime-local` input value in the browser's zone: `2024-06-03T14:05`. */
export function toLocalInput(d: Date | null): string {
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value back to an ISO instant; null for blank or unreadable input. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function assigneeId(assignee: string, me: string | null): string | null {
  if (assignee === 'none') return null;
  if (assignee === 'me') return me;
  return assignee;
}

/** The form's values for an existing task; its assignee reads as "me" when it is the caller. */
export function toTaskValues(task: Task, me: string | null): TaskValues {
  return {
    title: task.title,
    description: task.description ?? '',
    due: toLocalInput(task.dueAt),
    assignee: task.assigneeId === null ? 'none' : task.assigneeId === me ? 'me' : task.assigneeId,
    status: task.status,
  };
}

/** The `POST /customers/:id/tasks` body. */
export function toTaskCreate(v: TaskValues, me: string | null): TaskCreate {
  return {
    title: v.title.trim(),
    description: v.description.trim() || null,
    dueAt: fromLocalInput(v.due),
    assigneeId: assigneeId(v.assignee, me),
    status: v.status,
  };
}

/** The `PATCH /tasks/:id` body: every field of the form (each replaces the stored one). */
export function toTaskUpdate(v: TaskValues, me: string | null): TaskUpdate {
  return toTaskCreate(v, me);
}

/** Whether a task is still to do and past its due time. */
export function isOverdue(task: Pick<Task, 'status' | 'dueAt'>, now: Date): boolean {
  return (
    (OPEN_TASK_STATUSES as readonly string[]).includes(task.status) && task.dueAt !== null && task.dueAt < now
  );
}

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
