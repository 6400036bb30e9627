import { Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Compensation } from '../../../../shared/contracts/case-resolution.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { describeError } from '../../../lib/api.js';
import type { Formatter } from '../../../lib/format.js';
import { useSession } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { decideCompensation, pendingCompensationsQuery } from './queries.js';
import { COMPENSATION_KIND_LABELS } from './recovery.labels.js';

/**
 * The approval queue for managers: compensation offered above the offering agent's cap,
 * oldest first, each approved or rejected with an optional note. Others see why they cannot.
 */
export function ApprovalsPage() {
  const { user } = useSession();
  const fmt = useFormat();
  const decider = user.role === 'manager' || user.role === 'admin';
  const query = useQuery({ ...pendingCompensationsQuery, enabled: decider });
  return (
    <Stack gap="md">
      <PageHeader
        title="Compensation approvals"
        subtitle="Compensation offered above the offering role’s cap waits here for a manager or an admin."
      />
      {!decider ? (
        <EmptyState title="Only managers and admins approve compensation">
          What you offer above your cap is listed here for them, and shown on the case as waiting.
        </EmptyState>
      ) : query.isPending ? (
        <LoadingState label="Loading the approval queue…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState title="Nothing waits for approval">
          New requests appear here as agents make them.
        </EmptyState>
      ) : (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label="Compensation waiting for approval">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Case</Table.Th>
                  <Table.Th>Amount</Table.Th>
                  <Table.Th>Offered by</Table.Th>
                  <Table.Th>Note</Table.Th>
                  <Table.Th>Decision</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.items.map((c) => (
                  <ApprovalRow key={c.id} c={c} fmt={fmt} ownId={user.id} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}

function ApprovalRow({ c, fmt, ownId }: { c: Compensation; fmt: Formatter; ownId: string }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const own = c.requestedBy.type === 'user' && c.requestedBy.id === ownId;
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      decideCompensation(c.id, decision, note.trim() || undefined),
    onSuccess: async (done) => {
      notifications.show({
        color: done.status === 'approved' ? 'green' : 'gray',
        message: `${c.caseReference}: ${fmt.money(done.amountMinor, done.currency)} ${done.status}`,
      });
      await queryClient.invalidateQueries({ queryKey: ['case-compensations'] });
      await queryClient.invalidateQueries({ queryKey: ['cases', 'detail', c.caseId] });
    },
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" ff="monospace" fw={700}>
          {c.caseReference}
        </Text>
        <Text size="xs" c="dimmed">
          {fmt.dateTime(c.requestedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Text size="sm" fw={600}>
            {fmt.money(c.amountMinor, c.currency)}
          </Text>
          <Badge size="xs" variant="light" tt="none">
            {COMPENSATION_KIND_LABELS[c.kind]}
          </Badge>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.requestedBy.name}</Text>
      </Table.Td>
      <Table.Td maw={260}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {c.note ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        {own ? (
          <Text size="xs" c="dimmed">
            Your own offer: someone else decides
          </Text>
        ) : (
          <Stack gap={4}>
            <TextInput
              size="xs"
              placeholder="Note (optional)"
              aria-label={`Note on ${c.caseReference}`}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group gap={4}>
              <Button
                size="compact-xs"
                onClick={() => decide.mutate('approve')}
                loading={decide.isPending && decide.variables === 'approve'}
                aria-label={`Approve ${c.caseReference}`}
              >
                Approve
              </Button>
              <Button
                size="compact-xs"
                variant="light"
                color="red"
                onClick={() => decide.mutate('reject')}
                loading={decide.isPending && decide.variables === 'reject'}
                aria-label={`Reject ${c.caseReference}`}
              >
                Reject
              </Button>
            </Group>
            {decide.isError ? (
              <Text size="xs" c="red.8" role="alert">
                {describeError(decide.error)}
              </Text>
            ) : null}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
