import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  ColleagueList,
  User,
  UserCreate,
  UserListQuery,
  UserUpdate,
} from '../../../shared/contracts/users.js';
import type { App } from '../../lib/http.js';
import type { UsersService } from './users.service.js';

export function usersRoutes(app: App, deps: { users: UsersService }) {
  const { users } = deps;
  const tags = ['users'];
  app.get(
    '/users',
    { schema: { tags, querystring: UserListQuery, response: { 200: pageOf(User) } } },
    (req) => users.list(req.actor, req.query),
  );
  app.get(
    '/users/colleagues',
    {
      schema: {
        tags,
        summary: 'The active users, to assign cases and tasks to (any staff role; names and roles only)',
        response: { 200: ColleagueList },
      },
    },
    (req) => users.colleagues(req.actor),
  );
  app.post('/users', { schema: { tags, body: UserCreate, response: { 201: User } } }, async (req, reply) =>
    reply.code(201).send(await users.create(req.actor, req.body)),
  );
  app.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User } } }, (req) =>
    users.get(req.actor, req.params.id),
  );
  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParams, body: UserUpdate, response: { 200: User } } },
    (req) => users.update(req.actor, req.params.id, req.body),
  );
}
