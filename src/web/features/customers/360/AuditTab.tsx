import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../../../shared/contracts/audit.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import type { Formatter } from '../../../lib/format.js';
import { useFormat } from '../../../lib/use-format.js';
import { actionLabel, changedFields, fieldLabel, formatAuditValue } from './audit-diff.js';
import { auditQuery, flattenPages } from './queries.js';

const ACTION_COLORS: Record<string, string> = {
  Created: 'green',
  Deleted: 'red',
  Restored: 'blue',
  Updated: 'gray',
};

function AuditItem({ entry, fmt }: { entry: AuditEntry; fmt: Formatter }) {
  const changes = changedFields(entry.before, entry.after);
  const label = actionLabel(entry.action);
  return (
    <Card component="li" withBorder padding="sm" radius="md">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs">
          <Badge size="sm" variant="light" color={ACTION_COLORS[label] ?? 'grape'} tt="none">
            {label}
          </Badge>
          <Text size="sm">
            by <b>{entry.actor.name}</b>
            {entry.actor.type === 'api_key' ? ' (API key)' : entry.actor.type === 'system' ? ' (system)' : ''}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" component="time" dateTime={entry.at.toISOString()}>
          {fmt.dateTime(entry.at)} · {fmt.relative(entry.at)}
        </Text>
      </Group>
      {changes.length ? (
        <div className="rapport-table-wrap">
          <Table
            fz="xs"
            verticalSpacing={4}
            mt="xs"
            withRowBorders={false}
            miw={420}
            aria-label={`Changes: ${label}`}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="26%">Field</Table.Th>
                <Table.Th w="37%">Before</Table.Th>
                <Table.Th w="37%">After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c) => (
                <Table.Tr key={c.field}>
                  <Table.Td fw={600}>{fieldLabel(c.field)}</Table.Td>
                  <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {formatAuditValue(c.before, fmt)}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{formatAuditValue(c.after, fmt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ) : (
        <Text size="xs" c="dimmed" mt={4}>
          No field changed.
        </Text>
      )}
    </Card>
  );
}

/** Who changed this customer's record, when, and which fields — for admins and managers. */
export function AuditTab({ customerId }: { customerId: string }) {
  const fmt = useFormat();
  const audit = useInfiniteQuery(auditQuery(customerId));
  const items = flattenPages(audit.data?.pages);

  if (audit.isPending) return <LoadingState label="Loading the audit trail…" />;
  if (audit.isError && !audit.data)
    return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
  if (items.length === 0)
    return <EmptyState title="No recorded changes">Changes to this profile are recorded here.</EmptyState>;
  return (
    <Stack gap="xs">
      <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Audit trail">
        {items.map((e) => (
          <AuditItem key={e.id} entry={e} fmt={fmt} />
        ))}
      </Stack>
      {audit.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            size="sm"
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
