import type { Identity, IdentityKind } from '../../../shared/contracts/identities.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import { newId } from '../../lib/ids.js';
import type { IdentityInput } from '../customers/customer-row.js';
import type { IdentityRepo, IdentityRow } from './identity.repo.js';

const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id,
  kind: r.kind,
  source: r.source,
  value: r.value,
  rawValue: r.rawValue,
  createdAt: r.createdAt,
});

/**
 * Keeps the identities table in step with a customer's contact data. Merging two customers that
 * share an identity is issue #4; until then a clash is a conflict the caller reports.
 */
export function createIdentityService(deps: { repo: IdentityRepo }) {
  const { repo } = deps;
  return {
    async listForCustomer(actor: Actor, customerId: string): Promise<Identity[]> {
      return (await repo.listForCustomer(actor.workspaceId, customerId)).map(toIdentity);
    },

    /** Makes `customerId` own exactly `wanted` among the kinds it manages; throws on a clash. */
    async syncForCustomer(
      actor: Actor,
      customerId: string,
      wanted: readonly IdentityInput[],
      managedKinds: readonly IdentityKind[],
    ): Promise<void> {
      const owners = await repo.findOwners(actor.workspaceId, wanted);
      const clash = owners.find((o) => o.customerId !== customerId);
      if (clash) {
        throw new AppError(
          'IDENTITY_CONFLICT',
          { kind: clash.kind, value: clash.value, customerId: clash.customerId },
          [
            {
              path: `body.${clash.kind === 'phone' ? 'phones' : clash.kind === 'email' ? 'emails' : 'externalIds'}`,
              message: `${clash.value} belongs to another customer`,
            },
          ],
        );
      }
      const current = await repo.listForCustomer(actor.workspaceId, customerId);
      const key = (i: { kind: string; source: string; value: string }) =>
        `${i.kind}\u0000${i.source}\u0000${i.value}`;
      const wantedKeys = new Set(wanted.map(key));
      const currentKeys = new Set(current.map(key));
      await repo.deleteByIds(
        actor.workspaceId,
        current.filter((c) => managedKinds.includes(c.kind) && !wantedKeys.has(key(c))).map((c) => c.id),
      );
      await repo.insertMany(
        wanted
          .filter((w) => !currentKeys.has(key(w)))
          .map((w) => ({ workspaceId: actor.workspaceId, id: newId(), customerId, ...w })),
      );
    },
  };
}
export type IdentityService = ReturnType<typeof createIdentityService>;
