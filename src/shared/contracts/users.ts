import { z } from 'zod';
import { PageQuery, Role } from './common.js';

export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const UserCreate = z.object({
  email: z.email('must be an e-mail address').max(254),
  name: z.string().trim().min(1).max(200),
  role: Role,
  password: Password,
});
export type UserCreate = z.input<typeof UserCreate>;

export const UserUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  password: Password.optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdate = z.input<typeof UserUpdate>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  lastLoginAt: z.date().nullable(),
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});
export type User = z.infer<typeof User>;

/**
 * A colleague as any staff member sees them, to give a case or a task to and to name its
 * assignee: active users only, no e-mail or login details (those need `users:manage`).
 */
export const Colleague = z.object({ id: z.string(), name: z.string(), role: Role });
export type Colleague = z.infer<typeof Colleague>;
export const ColleagueList = z.object({ items: z.array(Colleague) });
export type ColleagueList = z.infer<typeof ColleagueList>;

export const UserListQuery = PageQuery.extend({ sort: z.enum(['createdAt', 'email']).default('createdAt') });

export const LoginBody = z.object({
  email: z.email('must be an e-mail address'),
  password: z.string().min(1, 'is required').max(200),
  workspace: z
    .string()
    .max(100)
    .optional()
    .describe('workspace slug; needed only when the e-mail is in several'),
});
export type LoginBody = z.input<typeof LoginBody>;

export const SessionInfo = z.object({
  user: User,
  workspace: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    locale: z.string(),
    timeZone: z.string(),
    currency: z.string(),
  }),
  csrfToken: z
    .string()
    .describe('send as the X-CSRF-Token header on every write made with the session cookie'),
  expiresAt: z.date(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
