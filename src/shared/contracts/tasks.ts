import { z } from 'zod';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;
