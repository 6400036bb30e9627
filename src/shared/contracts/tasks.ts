import { z } from 'zod';
import { ActorRef, Id, IsoDateTime, PageQuery, QueryBoolean, queryList } from './common.js';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Statuses of work still to do: what "open tasks" and "overdue" mean. */
export const OPEN_TASK_STATUSES = ['open', 'in_progress'] as const satisfies readonly TaskStatus[];

export const CustomerTasksParams = z.object({ customerId: Id });

const taskFields = {
  title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  description: z.string().trim().max(10_000, 'must be at most 10,000 characters').nullish(),
  assigneeId: Id.nullish().describe('a user of this workspace; null leaves the task unassigned'),
  dueAt: IsoDateTime.nullish().describe('when the task is due (ISO 8601 with offset)'),
  status: TaskStatus.describe('setting done records completedAt; leaving done clears it'),
};

export const TaskCreate = z.object({ ...taskFields, status: taskFields.status.default('open') });
export type TaskCreate = z.input<typeof TaskCreate>;

/** Fields given replace the stored ones; omitted fields stay. */
export const TaskUpdate = z.object(taskFields).partial();
export type TaskUpdate = z.input<typeof TaskUpdate>;

export const Task = z.object({
  id: z.string(),
  customerId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  assigneeId: z.string().nullable(),
  dueAt: z.date().nullable(),
  status: TaskStatus,
  completedAt: z.date().nullable().describe('when the task was last marked done; null unless done'),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Task = z.infer<typeof Task>;

/** The open-task summary the customer 360 shows. */
export const OpenTask = Task.pick({ id: true, title: true, status: true, dueAt: true, assigneeId: true });
export type OpenTask = z.infer<typeof OpenTask>;

export const TASK_SORTS = ['createdAt', 'dueAt'] as const;

/** `status=open&status=done` and `status=open,done` both mean either status. */
const StatusList = queryList(TASK_STATUSES);

const TaskListFields = PageQuery.extend({
  sort: z
    .enum(TASK_SORTS)
    .default('createdAt')
    .describe('dueAt puts tasks without a due date last in either order'),
  customerId: Id.optional(),
  assigneeId: Id.optional(),
  assignee: z
    .enum(['me', 'none'])
    .optional()
    .describe('me: assigned to the caller; none: unassigned. Not together with assigneeId'),
  status: StatusList.optional().describe('one or more statuses, repeated or comma-separated'),
  dueBefore: IsoDateTime.optional().describe('due strictly before this instant'),
  overdue: QueryBoolean.optional().describe('true: open or in progress and due before now; false: not so'),
});

const oneAssigneeFilter = (q: { assignee?: unknown; assigneeId?: unknown }) => !(q.assignee && q.assigneeId);
const oneAssigneeMessage = { message: 'give assigneeId or assignee, not both', path: ['assignee'] };

export const TaskListQuery = TaskListFields.refine(oneAssigneeFilter, oneAssigneeMessage);
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** The same filters for one customer's tasks, whose id is in the path. */
export const CustomerTaskListQuery = TaskListFields.omit({ customerId: true }).refine(
  oneAssigneeFilter,
  oneAssigneeMessage,
);
export type CustomerTaskListQuery = z.infer<typeof CustomerTaskListQuery>;
