import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconLockOpen } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Merge, MergeBlock } from '../../../shared/contracts/identities.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { api, describeError } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { flattenPages } from '../customers/360/queries.js';
import { CustomerAnchor } from './CustomerAnchor.js';
import { evidenceText, mergeTriggerText, movesText, otherOf } from './identity-display.js';
import { customerMergesQuery, customerRecordQuery, neverMergeQuery, refreshAfterMerge } from './queries.js';
import { UndoMergeModal } from './UndoMergeModal.js';

/** The 360 page's Merges tab: the merges this customer took part in, and who it must never be merged with. */
export function MergesTab({ customerId }: { customerId: string }) {
  return (
    <Stack gap="xl">
      <MergeHistory customerId={customerId} />
      <NeverMergeList customerId={customerId} />
    </Stack>
  );
}

function CustomerLink({ id, name, current }: { id: string; name: string; current: string }) {
  const label = name || 'Unnamed customer';
  if (id === current) return <strong>{label}</strong>;
  return (
    <CustomerAnchor id={id} fw={600}>
      {label}
    </CustomerAnchor>
  );
}

export function MergeItem({
  merge,
  customerId,
  onUndo,
}: {
  merge: Merge;
  customerId: string;
  onUndo: (m: Merge) => void;
}) {
  const fmt = useFormat();
  const canMerge = useCan('customers:merge');
  const evidence = evidenceText(merge);
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      radius="md"
      aria-label={`Merge of ${fmt.dateTime(merge.createdAt)}`}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Text size="sm">
            <CustomerLink id={merge.mergedId} name={merge.mergedBefore.fullName} current={customerId} />{' '}
            merged into{' '}
            <CustomerLink id={merge.survivorId} name={merge.survivorBefore.fullName} current={customerId} />
          </Text>
          <Text size="xs" c="dimmed">
            {fmt.dateTime(merge.createdAt)} ({fmt.relative(merge.createdAt)}) by {mergeTriggerText(merge)}
          </Text>
          {evidence ? <Text size="xs">{evidence}</Text> : null}
          <Text size="xs">Moved: {movesText(merge.movedCounts, fmt)}</Text>
          {merge.undoneAt ? (
            <Group gap={6}>
              <Badge size="sm" color="gray" variant="light" tt="none">
                Undone
              </Badge>
              <Text size="xs" c="dimmed">
                {fmt.dateTime(merge.undoneAt)}
                {merge.undoneBy ? ` by ${merge.undoneBy.name}` : ''}
              </Text>
            </Group>
          ) : !merge.undoable && merge.undoBlockedBy ? (
            <Text size="xs" c="orange.9">
              Cannot be undone now: {merge.undoBlockedBy}.
            </Text>
          ) : null}
        </Stack>
        {merge.undoable && canMerge ? (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconArrowBackUp size={14} aria-hidden />}
            onClick={() => onUndo(merge)}
          >
            Undo
          </Button>
        ) : null}
      </Group>
    </Card>
  );
}

function MergeHistory({ customerId }: { customerId: string }) {
  const merges = useInfiniteQuery(customerMergesQuery(customerId));
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const items = flattenPages(merges.data?.pages);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Merge history
      </Title>
      {merges.isPending ? (
        <LoadingState label="Loading merges…" minHeight={120} />
      ) : merges.isError && !merges.data ? (
        <ErrorState error={merges.error} onRetry={() => void merges.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="Never merged">
          This customer has not been merged with anyone. Likely duplicates show in the duplicates queue.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Merges">
          {items.map((m) => (
            <MergeItem key={m.id} merge={m} customerId={customerId} onUndo={setUndoing} />
          ))}
        </Stack>
      )}
      {merges.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            size="sm"
            onClick={() => void merges.fetchNextPage()}
            loading={merges.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
      <UndoMergeModal merge={undoing} onClose={() => setUndoing(null)} />
    </Stack>
  );
}

function BlockItem({ block, customerId }: { block: MergeBlock; customerId: string }) {
  const fmt = useFormat();
  const canMerge = useCan('customers:merge');
  const queryClient = useQueryClient();
  const otherId = otherOf(block.customerIds, customerId);
  const other = useQuery(customerRecordQuery(otherId));
  const name = other.data?.fullName || (other.isPending ? '…' : 'Unnamed customer');
  const allow = useMutation({
    mutationFn: () => api.delete(`/identity/never-merge/${block.customerIds[0]}/${block.customerIds[1]}`),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        title: 'Merging allowed again',
        message: `${name} may be suggested as a duplicate, or merged, again.`,
      });
      await refreshAfterMerge(queryClient);
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'Nothing was changed', message: describeError(err) }),
  });
  return (
    <Card component="li" withBorder padding="sm" radius="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <CustomerAnchor id={otherId} size="sm" fw={600}>
            {name}
          </CustomerAnchor>
          <Text size="xs" c="dimmed">
            Marked {fmt.dateTime(block.createdAt)} by {block.createdBy.name}
            {block.reason ? ` — “${block.reason}”` : ''}
          </Text>
        </Stack>
        {canMerge ? (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLockOpen size={14} aria-hidden />}
            onClick={() => allow.mutate()}
            loading={allow.isPending}
            aria-label={`Allow merging with ${name} again`}
          >
            Allow merging again
          </Button>
        ) : null}
      </Group>
    </Card>
  );
}

function NeverMergeList({ customerId }: { customerId: string }) {
  const blocks = useQuery(neverMergeQuery(customerId));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Never merge with
      </Title>
      {blocks.isPending ? (
        <LoadingState label="Loading…" minHeight={80} />
      ) : blocks.isError ? (
        <ErrorState error={blocks.error} onRetry={() => void blocks.refetch()} />
      ) : blocks.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No one. Mark a pair “not the same person” in the duplicates queue, or keep it when undoing a merge.
        </Text>
      ) : (
        <Stack
          component="ul"
          gap="xs"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Never merge with"
        >
          {blocks.data.map((b) => (
            <BlockItem key={b.customerIds.join(':')} block={b} customerId={customerId} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
