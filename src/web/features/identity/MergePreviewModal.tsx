import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowsExchange, IconCheck, IconGitMerge } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type FieldDecision, Merge, type MergePreview } from '../../../shared/contracts/identities.js';
import { LoadingState } from '../../components/States.js';
import { ApiError, api, describeError } from '../../lib/api.js';
import { useFormat } from '../../lib/use-format.js';
import {
  decisionReason,
  decisionValue,
  effectiveFrom,
  fieldLabel,
  moveText,
  winnerLabel,
} from './identity-display.js';
import { mergePreviewQuery, refreshAfterMerge } from './queries.js';

export interface MergePair {
  survivorId: string;
  mergedId: string;
}

const nameOf = (preview: MergePreview, side: 'survivor' | 'merged') => {
  const v = preview.decisions.find((d) => d.field === 'name')?.[side];
  return typeof v === 'string' && v ? v : 'Unnamed customer';
};

/**
 * The dry run of a merge before anyone confirms it: field by field what the surviving profile
 * will hold and why, what moves, and what breaks an identity limit. Confirming merges and
 * opens the survivor's page. `pair` null: closed.
 */
export function MergePreviewModal({ pair, onClose }: { pair: MergePair | null; onClose: () => void }) {
  return (
    <Modal opened={pair !== null} onClose={onClose} title="Review the merge" size="xl">
      {pair ? (
        <PreviewBody key={`${pair.survivorId}:${pair.mergedId}`} initial={pair} onClose={onClose} />
      ) : null}
    </Modal>
  );
}

function PreviewBody({ initial, onClose }: { initial: MergePair; onClose: () => void }) {
  const [ids, setIds] = useState(initial);
  const [reason, setReason] = useState('');
  const preview = useQuery({ ...mergePreviewQuery(ids.survivorId, ids.mergedId), retry: false });
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const merge = useMutation({
    mutationFn: () =>
      api.post('/identity/merges', Merge, {
        survivorId: ids.survivorId,
        mergedId: ids.mergedId,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async (done) => {
      notifications.show({
        color: 'green',
        title: 'Customers merged',
        message: `${done.mergedBefore.fullName || 'The customer'} was merged into ${
          done.survivorBefore.fullName || 'the survivor'
        }. Undo it from the Merges tab if it was a mistake.`,
      });
      onClose();
      await refreshAfterMerge(queryClient);
      await navigate({ to: '/customers/$customerId', params: { customerId: done.survivorId } });
    },
  });

  const swap = () => {
    merge.reset();
    setIds({ survivorId: ids.mergedId, mergedId: ids.survivorId });
  };

  if (preview.isPending) return <LoadingState label="Working out the merged profile…" />;
  if (preview.isError) {
    const blocked = preview.error instanceof ApiError && preview.error.code === 'MERGE_BLOCKED';
    return (
      <Stack gap="md">
        <Alert color={blocked ? 'yellow' : 'red'} icon={<IconAlertTriangle size={18} />} role="alert">
          <Text size="sm">{describeError(preview.error)}</Text>
          {blocked ? (
            <Text size="sm" mt={4}>
              To merge them anyway, allow merging again on either customer's Merges tab.
            </Text>
          ) : null}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  const p = preview.data;
  const survivor = nameOf(p, 'survivor');
  const merged = nameOf(p, 'merged');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text size="sm" style={{ flex: '1 1 300px' }}>
          <strong>{survivor}</strong> stays. <strong>{merged}</strong> is merged into it: its history moves
          over and its profile is deleted. The merge is recorded and can be undone.
        </Text>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconArrowsExchange size={14} aria-hidden />}
          onClick={swap}
          disabled={merge.isPending}
        >
          Swap: keep {merged} instead
        </Button>
      </Group>

      <DecisionsTable decisions={p.decisions} survivor={survivor} merged={merged} />

      <Stack gap={4}>
        <Title order={3} size="h5">
          Moves to {survivor}
        </Title>
        <MovesList counts={p.moves} />
      </Stack>

      {p.warnings.length ? (
        <Alert color="yellow" title="Over the identity limits" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">
            The merged profile would hold more identities than the workspace's limits allow. It keeps them
            all; check the identity settings if this is not expected.
          </Text>
          <List size="sm" mt={4}>
            {p.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}

      <TextInput
        label="Reason (optional)"
        description="Kept with the merge record, e.g. “same guest, booked with a work e-mail”"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={500}
      />

      {merge.isError ? (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          role="alert"
          title="The customers were not merged"
        >
          {describeError(merge.error)}
        </Alert>
      ) : null}

      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={merge.isPending}>
          Cancel
        </Button>
        <Button
          leftSection={<IconGitMerge size={16} aria-hidden />}
          onClick={() => merge.mutate()}
          loading={merge.isPending}
        >
          Merge into {survivor}
        </Button>
      </Group>
    </Stack>
  );
}

function ValueCell({ text, won }: { text: string; won: boolean }) {
  return (
    <Table.Td
      style={{ overflowWrap: 'anywhere', background: won ? 'var(--mantine-color-green-light)' : undefined }}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        {won ? <IconCheck size={14} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} /> : null}
        <Text size="sm" fw={won ? 600 : 400}>
          {text}
        </Text>
        {won ? <VisuallyHidden>(chosen)</VisuallyHidden> : null}
      </Group>
    </Table.Td>
  );
}

function DecisionsTable({
  decisions,
  survivor,
  merged,
}: {
  decisions: FieldDecision[];
  survivor: string;
  merged: string;
}) {
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Field-by-field result" verticalSpacing={6} withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>
              Survivor
              <Text size="xs" c="dimmed" fw={400}>
                {survivor}
              </Text>
            </Table.Th>
            <Table.Th>
              Merged customer
              <Text size="xs" c="dimmed" fw={400}>
                {merged}
              </Text>
            </Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Chosen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {decisions.map((d) => {
            const from = effectiveFrom(d);
            const fromSurvivor = from === 'survivor' || from === 'both';
            const fromMerged = from === 'merged' || from === 'both';
            return (
              <Table.Tr key={d.field} data-field={d.field}>
                <Table.Th scope="row" fw={500}>
                  {fieldLabel(d.field)}
                </Table.Th>
                <ValueCell text={decisionValue(d.field, d.survivor, fmt)} won={fromSurvivor} />
                <ValueCell text={decisionValue(d.field, d.merged, fmt)} won={fromMerged} />
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Text size="sm">{decisionValue(d.field, d.result, fmt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge
                      size="sm"
                      variant="light"
                      tt="none"
                      color={from === 'merged' ? 'violet' : from === 'survivor' ? 'blue' : 'gray'}
                    >
                      {winnerLabel(d)}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {decisionReason(d)}
                    </Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MovesList({ counts }: { counts: Record<string, number> }) {
  const fmt = useFormat();
  const moving = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (!moving.length) {
    return (
      <Text size="sm" c="dimmed">
        Nothing else: the merged customer has no history of its own.
      </Text>
    );
  }
  return (
    <List size="sm" aria-label="Records that move">
      {moving.map(([entity, n]) => (
        <List.Item key={entity}>{moveText(entity, n, fmt)}</List.Item>
      ))}
    </List>
  );
}
