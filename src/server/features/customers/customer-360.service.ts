import type { Customer360 } from '../../../shared/contracts/customers.js';
import type { Actor } from '../../lib/actor.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { OrdersService } from '../orders/orders.service.js';
import type { TouchpointsService } from '../touchpoints/touchpoints.service.js';
import type { CustomersService } from './customers.service.js';

/** How many of the latest timeline entries the 360 carries; the timeline endpoint pages the rest. */
export const CUSTOMER_360_TIMELINE_SIZE = 20;

/** What the 360 needs from the tasks feature (structural, so either side can change freely). */
export interface OpenTasksSource {
  openForCustomer(
    actor: Actor,
    customerId: string,
  ): Promise<{ id: string; title: string; status: string; dueAt: Date | null; assigneeId: string | null }[]>;
}

/** What the 360 needs from the companies feature. */
export interface CustomerCompaniesSource {
  forCustomer(
    actor: Actor,
    customerId: string,
  ): Promise<{ id: string; name: string; jobTitle: string | null }[]>;
}

/** The one-page view of a customer: profile, identities, orders, recent timeline, tasks, companies. */
export function createCustomer360Service(deps: {
  customers: Pick<CustomersService, 'get'>;
  identity: Pick<IdentityService, 'listForCustomer'>;
  orders: Pick<OrdersService, 'summaryForCustomer'>;
  timeline: Pick<TouchpointsService, 'timelineForCustomer'>;
  tasks: OpenTasksSource;
  companies: CustomerCompaniesSource;
}) {
  /** CUSTOMER_NOT_FOUND unless the customer is in the actor's workspace (deleted ones show too). */
  async function get(actor: Actor, customerId: string): Promise<Customer360> {
    requirePermission(actor, 'crm:read');
    const customer = await deps.customers.get(actor, customerId);
    const [identities, orderSummary, timeline, openTasks, companies] = await Promise.all([
      deps.identity.listForCustomer(actor, customerId),
      deps.orders.summaryForCustomer(actor, customerId),
      deps.timeline.timelineForCustomer(actor, customerId, { limit: CUSTOMER_360_TIMELINE_SIZE }),
      deps.tasks.openForCustomer(actor, customerId),
      deps.companies.forCustomer(actor, customerId),
    ]);
    return {
      customer,
      identities,
      orderSummary,
      timeline: timeline.items,
      // Copy the named fields only, so nothing else the other features return reaches the page.
      openTasks: openTasks.map((t) => ({
        id: t.id,
        title: t.title,
        status: t.status,
        dueAt: t.dueAt,
        assigneeId: t.assigneeId,
      })),
      companies: companies.map((c) => ({ id: c.id, name: c.name, jobTitle: c.jobTitle })),
    };
  }

  return { get };
}
export type Customer360Service = ReturnType<typeof createCustomer360Service>;
