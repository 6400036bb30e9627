import { ActionIcon, Badge, Box, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconGift } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { Order, OrderStatus } from '../../../../shared/contracts/orders.js';
import { CHANNEL_LABELS } from '../../../../shared/contracts/touchpoints.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import type { Formatter } from '../../../lib/format.js';
import { useFormat } from '../../../lib/use-format.js';
import { flattenPages, ordersQuery } from './queries.js';

const STATUS_COLORS: Record<OrderStatus, string> = {
  pending: 'yellow',
  completed: 'green',
  cancelled: 'gray',
  refunded: 'orange',
};

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Units across the lines (returns count negative), as the timeline's "3 items". */
const itemCount = (o: Order) => o.lines.reduce((sum, l) => sum + l.quantity, 0);

function OrderLines({ order, fmt }: { order: Order; fmt: Formatter }) {
  if (order.lines.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="xs">
        This order was recorded as a total, without lines.
      </Text>
    );
  }
  return (
    <Table
      fz="xs"
      verticalSpacing={4}
      withRowBorders={false}
      aria-label={`Lines of order ${order.externalId ?? ''}`.trim()}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>SKU</Table.Th>
          <Table.Th>Description</Table.Th>
          <Table.Th ta="right">Quantity</Table.Th>
          <Table.Th ta="right">Unit price</Table.Th>
          <Table.Th ta="right">Line total</Table.Th>
          <Table.Th>Gift</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {order.lines.map((l) => (
          <Table.Tr key={l.lineNo}>
            <Table.Td ff="monospace">{l.sku ?? '—'}</Table.Td>
            <Table.Td>{l.description ?? '—'}</Table.Td>
            <Table.Td ta="right">{fmt.number(l.quantity)}</Table.Td>
            <Table.Td ta="right">{fmt.money(l.unitPriceMinor, order.currency)}</Table.Td>
            <Table.Td ta="right">{fmt.money(l.totalMinor, order.currency)}</Table.Td>
            <Table.Td>
              {l.isGift ? (
                <Badge
                  size="xs"
                  variant="light"
                  color="pink"
                  leftSection={<IconGift size={12} aria-hidden />}
                  tt="none"
                >
                  Gift
                </Badge>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The customer's orders, newest first; a row opens to show its lines. */
export function OrdersTab({ customerId }: { customerId: string }) {
  const fmt = useFormat();
  const orders = useInfiniteQuery(ordersQuery(customerId));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const items = flattenPages(orders.data?.pages);

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (orders.isPending) return <LoadingState label="Loading orders…" />;
  if (orders.isError && !orders.data)
    return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;
  if (items.length === 0)
    return <EmptyState title="No orders yet">Purchases from every channel appear here.</EmptyState>;

  return (
    <Stack gap="md">
      <Box className="rapport-table-wrap">
        <Table verticalSpacing="xs" highlightOnHover miw={640} aria-label="Orders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <VisuallyHidden>Lines</VisuallyHidden>
              </Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Order</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Location</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Items</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((o) => {
              const expanded = open.has(o.id);
              const name = o.externalId ? `order ${o.externalId}` : `order of ${fmt.date(o.occurredAt)}`;
              return (
                <Fragment key={o.id}>
                  <Table.Tr>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-expanded={expanded}
                        aria-controls={expanded ? `lines-${o.id}` : undefined}
                        aria-label={`${expanded ? 'Hide' : 'Show'} lines of ${name}`}
                        onClick={() => toggle(o.id)}
                      >
                        {expanded ? (
                          <IconChevronDown size={16} aria-hidden />
                        ) : (
                          <IconChevronRight size={16} aria-hidden />
                        )}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td style={NOWRAP}>
                      <Text
                        size="sm"
                        component="time"
                        dateTime={o.occurredAt.toISOString()}
                        title={fmt.dateTime(o.occurredAt)}
                      >
                        {fmt.date(o.occurredAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs" style={NOWRAP}>
                      {o.externalId ?? '—'}
                    </Table.Td>
                    <Table.Td style={NOWRAP}>{CHANNEL_LABELS[o.channel]}</Table.Td>
                    <Table.Td fz="sm">{o.location ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge
                        size="sm"
                        variant="light"
                        color={STATUS_COLORS[o.status]}
                        tt="none"
                        style={{ overflow: 'visible' }}
                      >
                        {o.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{fmt.number(itemCount(o))}</Table.Td>
                    <Table.Td ta="right" fw={600} style={NOWRAP}>
                      {fmt.money(o.totalMinor, o.currency)}
                    </Table.Td>
                  </Table.Tr>
                  {expanded ? (
                    <Table.Tr id={`lines-${o.id}`}>
                      <Table.Td />
                      <Table.Td colSpan={7} bg="var(--mantine-color-gray-0)">
                        <OrderLines order={o} fmt={fmt} />
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Box>
      {orders.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            size="sm"
            onClick={() => void orders.fetchNextPage()}
            loading={orders.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
