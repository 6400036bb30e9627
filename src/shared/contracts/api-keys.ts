import { z } from 'zod';
import { ActorRef, Role } from './common.js';

/** What a key may do on top of its role: read, write records, send events. */
export const API_KEY_SCOPES = ['read', 'write', 'events'] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const ApiKeyCreate = z.object({
  name: z.string().trim().min(1).max(100),
  role: Role.default('agent'),
  scopes: z.array(ApiKeyScope).min(1).default(['read']),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('first characters of the key, to recognise it'),
  role: Role,
  scopes: z.array(ApiKeyScope),
  createdBy: ActorRef,
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** Returned once, at creation: the only time the secret is visible. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
