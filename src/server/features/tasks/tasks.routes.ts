import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  CustomerTaskListQuery,
  CustomerTasksParams,
  Task,
  TaskCreate,
  TaskListQuery,
  TaskUpdate,
} from '../../../shared/contracts/tasks.js';
import type { App } from '../../lib/http.js';
import type { TasksService } from './tasks.service.js';

export function tasksRoutes(app: App, deps: { tasks: TasksService }) {
  const { tasks } = deps;
  const tags = ['tasks'];
  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'List tasks (filter by customer, assignee, status, due date)',
        querystring: TaskListQuery,
        response: { 200: pageOf(Task) },
      },
    },
    (req) => tasks.list(req.actor, req.query),
  );
  app.get(
    '/customers/:customerId/tasks',
    {
      schema: {
        tags,
        summary: "A customer's tasks",
        params: CustomerTasksParams,
        querystring: CustomerTaskListQuery,
        response: { 200: pageOf(Task) },
      },
    },
    (req) => tasks.listForCustomer(req.actor, req.params.customerId, req.query),
  );
  app.post(
    '/customers/:customerId/tasks',
    { schema: { tags, params: CustomerTasksParams, body: TaskCreate, response: { 201: Task } } },
    async (req, reply) =>
      reply.code(201).send(await tasks.create(req.actor, req.params.customerId, req.body)),
  );
  app.get('/tasks/:id', { schema: { tags, params: IdParams, response: { 200: Task } } }, (req) =>
    tasks.get(req.actor, req.params.id),
  );
  app.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task (a status other than done reopens it and clears completedAt)',
        params: IdParams,
        body: TaskUpdate,
        response: { 200: Task },
      },
    },
    (req) => tasks.update(req.actor, req.params.id, req.body),
  );
  app.post(
    '/tasks/:id/complete',
    { schema: { tags, summary: 'Mark done now', params: IdParams, response: { 200: Task } } },
    (req) => tasks.complete(req.actor, req.params.id),
  );
  app.delete(
    '/tasks/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Task } } },
    (req) => tasks.remove(req.actor, req.params.id),
  );
}
