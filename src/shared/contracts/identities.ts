import { z } from 'zod';

export const IDENTITY_KINDS = ['email', 'phone', 'external_id', 'loyalty', 'anonymous'] as const;
export const IdentityKind = z.enum(IDENTITY_KINDS);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const Identity = z.object({
  id: z.string(),
  kind: IdentityKind,
  source: z.string().describe("system an external id belongs to; '' for e-mail and phone"),
  value: z.string().describe('normalised value'),
  rawValue: z.string().nullable(),
  createdAt: z.date(),
});
export type Identity = z.infer<typeof Identity>;
