import { randomBytes } from 'node:crypto';
import type { Database } from '../src/server/db/client.js';
import { workspaces } from '../src/server/db/schema.js';
import { type Actor, systemActor } from '../src/server/lib/actor.js';
import { newId } from '../src/server/lib/ids.js';
import type { CustomerCreate } from '../src/shared/contracts/customers.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

/** Inserts a workspace and returns it with a system actor for it. */
export async function createTestWorkspace(
  database: Database,
  overrides: { name?: string; currency?: string } = {},
) {
  const id = newId();
  const slug = `ws-${unique()}`;
  await database
    .q()
    .insert(workspaces)
    .values({ id, slug, name: overrides.name ?? `Workspace ${slug}`, currency: overrides.currency ?? 'EUR' });
  const actor: Actor = systemActor(id, 'test');
  return { id, slug, actor };
}

/** A valid customer-create body; override any field. */
export function buildCustomer(overrides: Partial<CustomerCreate> = {}): CustomerCreate {
  const n = unique();
  return {
    givenName: 'Ada',
    familyName: `Lovelace ${n}`,
    emails: [{ value: `ada.${n}@example.com` }],
    phones: [],
    tags: [],
    ...overrides,
  };
}
