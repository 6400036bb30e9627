import { Anchor, Badge, Grid, Group, Stack, Tabs } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHeadset } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Customer } from '../../../shared/contracts/customers.js';
import {
  ConfirmModal,
  DeletedBanner,
  RecordActions,
  RecordPageStatus,
} from '../../components/DeletableRecord.js';
import { PageHeader } from '../../components/PageHeader.js';
import { api, describeError } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { CustomerCasesCard } from '../cases/CustomerCasesCard.js';
import { MergedBanner } from '../identity/MergedBanner.js';
import { MergesTab } from '../identity/MergesTab.js';
import { MergeWithAction } from '../identity/MergeWithAction.js';
import { CustomerRelationshipCard } from '../relationships/CustomerRelationshipCard.js';
import { CustomerValueCard } from '../value/CustomerValueCard.js';
import { AuditTab } from './360/AuditTab.js';
import { CustomerProfileCard } from './360/CustomerProfileCard.js';
import { EditProfileModal } from './360/EditProfileModal.js';
import { NotesTab } from './360/NotesTab.js';
import { OrdersTab } from './360/OrdersTab.js';
import { customer360Query, type TimelineFilters } from './360/queries.js';
import { TasksTab } from './360/TasksTab.js';
import { TimelineTab } from './360/TimelineTab.js';
import { CUSTOMER_360_TABS } from './customer-360.search.js';
import { CUSTOMERS_KEY } from './list/queries.js';
import { ProvisionalBadge } from './ProvisionalBadge.js';

const route = getRouteApi('/app/customers/$customerId');

type Tab = (typeof CUSTOMER_360_TABS)[number];

const TAB_LABELS: Record<Tab, string> = {
  timeline: 'Timeline',
  orders: 'Orders',
  notes: 'Notes',
  tasks: 'Tasks',
  merges: 'Merges',
  audit: 'Audit',
};

/**
 * Everything about one customer on one page: who they are, how they want to be served, what
 * they are likely worth, what kind of relationship they have with us and the cases they raised
 * on the left, what happened (timeline, orders, notes, tasks, audit) on the right. The tab and the
 * timeline filters are in the URL, so a link opens exactly this view.
 */
export function Customer360Page() {
  const { customerId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const canDelete = useCan('crm:delete');
  const canAudit = useCan('audit:read');
  const canMerge = useCan('customers:merge');
  const queryClient = useQueryClient();
  const view = useQuery(customer360Query(customerId));
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
  const remove = useMutation({
    mutationFn: () => api.delete(`/customers/${customerId}`, Customer),
    onSuccess: async () => {
      setConfirmDelete(false);
      notifications.show({
        color: 'green',
        title: 'Customer deleted',
        message: 'Restore them from this page if needed.',
      });
      await refresh();
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'The customer was not deleted',
        message: describeError(err),
      }),
  });
  const restore = useMutation({
    mutationFn: () => api.post(`/customers/${customerId}/restore`, Customer),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        title: 'Customer restored',
        message: 'The profile is live again.',
      });
      await refresh();
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'The customer was not restored',
        message: describeError(err),
      }),
  });

  if (!view.data) {
    return (
      <RecordPageStatus
        query={view}
        noun="customer"
        backTo="/customers"
        missingText="The link may be old, the customer merged into another, or in another workspace."
        minHeight={480}
      />
    );
  }

  const { customer, openTasks } = view.data;
  const deleted = customer.deletedAt !== null;
  const tab: Tab = search.tab === 'audit' && !canAudit ? 'timeline' : (search.tab ?? 'timeline');
  const tabs = CUSTOMER_360_TABS.filter((t) => t !== 'audit' || canAudit);
  const setTab = (next: string | null) =>
    void navigate({
      search: (prev) => ({ ...prev, tab: next === 'timeline' || !next ? undefined : (next as Tab) }),
      replace: true,
    });
  const setFilters = (f: TimelineFilters) =>
    void navigate({
      search: (prev) => ({ ...prev, channel: f.channel, kind: f.kind, type: f.type }),
      replace: true,
    });

  return (
    <>
      <PageHeader
        title={customer.fullName || 'Unnamed customer'}
        badges={customer.provisional ? <ProvisionalBadge /> : undefined}
        subtitle={
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to="/customers" size="sm">
              Customers
            </Anchor>
            <span aria-hidden>/</span>
            <span>
              Updated {fmt.relative(customer.updatedAt)} by {customer.updatedBy.name}
            </span>
            {customer.prefersHumanService ? (
              <Badge
                size="sm"
                color="grape"
                variant="light"
                leftSection={<IconHeadset size={12} aria-hidden />}
                tt="none"
              >
                Prefers a human
              </Badge>
            ) : null}
          </Group>
        }
        actions={
          deleted ? null : (
            <>
              {canMerge ? (
                <MergeWithAction
                  customerId={customerId}
                  customerName={customer.fullName || 'this customer'}
                />
              ) : null}
              <RecordActions
                canWrite={canWrite}
                canDelete={canDelete}
                editLabel="Edit profile"
                deleteLabel="Delete customer"
                onEdit={() => setEditing(true)}
                onDelete={() => setConfirmDelete(true)}
              />
            </>
          )
        }
      />

      {customer.mergedIntoId ? (
        // Restoring a merged-away customer would leave its history on the survivor: undo the merge instead.
        <MergedBanner customerId={customerId} mergedIntoId={customer.mergedIntoId} />
      ) : deleted ? (
        <DeletedBanner
          title="This customer is deleted"
          canRestore={canDelete}
          onRestore={() => restore.mutate()}
          restoring={restore.isPending}
        >
          Deleted {fmt.dateTime(customer.deletedAt)}. The profile is read-only and left out of lists, segments
          and campaigns until it is restored.
        </DeletedBanner>
      ) : null}

      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <CustomerProfileCard view={view.data} />
            <CustomerValueCard customerId={customerId} />
            <CustomerRelationshipCard customerId={customerId} readOnly={deleted} />
            <CustomerCasesCard customerId={customerId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="md">
              {tabs.map((t) => (
                <Tabs.Tab
                  key={t}
                  value={t}
                  rightSection={
                    t === 'tasks' && openTasks.length ? (
                      <Badge size="xs" circle variant="filled" aria-label={`${openTasks.length} open`}>
                        {openTasks.length}
                      </Badge>
                    ) : null
                  }
                >
                  {TAB_LABELS[t]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="timeline">
              <TimelineTab
                customerId={customerId}
                filters={{ channel: search.channel, kind: search.kind, type: search.type }}
                onFiltersChange={setFilters}
              />
            </Tabs.Panel>
            <Tabs.Panel value="orders">
              <OrdersTab customerId={customerId} />
            </Tabs.Panel>
            <Tabs.Panel value="notes">
              <NotesTab customerId={customerId} deleted={deleted} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks">
              <TasksTab customerId={customerId} deleted={deleted} />
            </Tabs.Panel>
            <Tabs.Panel value="merges">
              <MergesTab customerId={customerId} />
            </Tabs.Panel>
            {canAudit ? (
              <Tabs.Panel value="audit">
                <AuditTab customerId={customerId} />
              </Tabs.Panel>
            ) : null}
          </Tabs>
        </Grid.Col>
      </Grid>

      {canWrite && !deleted ? (
        <EditProfileModal customer={customer} opened={editing} onClose={() => setEditing(false)} />
      ) : null}
      <ConfirmModal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this customer?"
        confirmLabel="Delete customer"
        onConfirm={() => remove.mutate()}
        loading={remove.isPending}
      >
        {customer.fullName || 'The customer'} leaves lists, segments and campaigns. Their history is kept, and
        an admin or manager can restore them from this page.
      </ConfirmModal>
    </>
  );
}
