import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconGitMerge, IconRadar, IconUserX, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import {
  type CandidateDecision,
  CandidateScanResult,
  type CandidateStatus,
  type DuplicateCandidate,
} from '../../../shared/contracts/identities.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { api, describeError } from '../../lib/api.js';
import type { Formatter } from '../../lib/format.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { flattenPages } from '../customers/360/queries.js';
import { CustomerAnchor } from './CustomerAnchor.js';
import { SIGNAL_COLORS, scoreText, survivorOf } from './identity-display.js';
import { type MergePair, MergePreviewModal } from './MergePreviewModal.js';
import { candidatesQuery, IDENTITY_KEY } from './queries.js';

const route = getRouteApi('/app/duplicates');

const VIEWS: { value: CandidateStatus; label: string }[] = [
  { value: 'open', label: 'To review' },
  { value: 'merged', label: 'Merged' },
  { value: 'dismissed', label: 'Dismissed' },
];

type Person = DuplicateCandidate['customers'][number];

const ROWS: { label: string; value: (c: Person, fmt: Formatter) => string | null }[] = [
  { label: 'E-mail', value: (c) => c.primaryEmail },
  { label: 'Phone', value: (c) => c.primaryPhone },
  { label: 'Birthday', value: (c, fmt) => (c.birthday ? fmt.date(c.birthday) : null) },
  { label: 'City', value: (c) => c.city },
  { label: 'Created', value: (c, fmt) => fmt.date(c.createdAt) },
];

/**
 * The duplicates queue: pairs of customers that look like one person (alike names plus a
 * shared birthday, postcode or phone), best first. Nothing here is merged automatically; staff
 * review each pair, merge it, mark it "not the same person" or dismiss it.
 */
export function DuplicatesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const status: CandidateStatus = search.status ?? 'open';
  const canMerge = useCan('customers:merge');
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(candidatesQuery(status));
  const items = flattenPages(list.data?.pages);
  const [reviewing, setReviewing] = useState<MergePair | null>(null);
  const [separating, setSeparating] = useState<DuplicateCandidate | null>(null);

  const scan = useMutation({
    mutationFn: () => api.post('/identity/candidates/scan', CandidateScanResult),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...IDENTITY_KEY, 'candidates'] }),
  });

  const scanButton = canMerge ? (
    <Button
      leftSection={<IconRadar size={16} aria-hidden />}
      onClick={() => scan.mutate()}
      loading={scan.isPending}
    >
      Scan for duplicates
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Duplicates"
        subtitle="Customers who look like the same person. Nothing is merged until someone reviews it."
        actions={scanButton}
      />
      {scan.isSuccess ? (
        <Alert
          color="teal"
          variant="light"
          mb="md"
          role="status"
          withCloseButton
          onClose={() => scan.reset()}
        >
          {fmt.number(scan.data.scanned)} customers compared, {fmt.number(scan.data.found)} new{' '}
          {scan.data.found === 1 ? 'pair' : 'pairs'}. {fmt.number(scan.data.open)} to review in all.
        </Alert>
      ) : null}
      {scan.isError ? (
        <Alert color="red" variant="light" mb="md" role="alert" title="The scan did not run">
          {describeError(scan.error)}
        </Alert>
      ) : null}
      <SegmentedControl
        mb="md"
        data={VIEWS}
        value={status}
        onChange={(v) =>
          void navigate({
            search: { status: v === 'open' ? undefined : (v as Exclude<CandidateStatus, 'open'>) },
            replace: true,
          })
        }
        aria-label="Which pairs to show"
      />
      {list.isPending ? (
        <LoadingState label="Loading likely duplicates…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        status === 'open' ? (
          <EmptyState title="No likely duplicates — run a scan" action={scanButton}>
            A scan compares every customer's name with the others that share a birthday, a postcode or a phone
            number.
          </EmptyState>
        ) : (
          <EmptyState title={status === 'merged' ? 'No pairs merged yet' : 'No pairs dismissed yet'} />
        )
      ) : (
        <Stack
          component="ul"
          gap="sm"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Likely duplicates"
        >
          {items.map((c) => (
            <CandidateCard
              key={c.id}
              candidate={c}
              actions={status === 'open' && canMerge}
              onReview={() => setReviewing(survivorOf(c))}
              onSeparate={() => setSeparating(c)}
            />
          ))}
        </Stack>
      )}
      {list.hasNextPage ? (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
      <MergePreviewModal pair={reviewing} onClose={() => setReviewing(null)} />
      <NotSamePersonModal candidate={separating} onClose={() => setSeparating(null)} />
    </>
  );
}

function useDecision(candidate: DuplicateCandidate | null, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CandidateDecision) =>
      api.post(`/identity/candidates/${candidate?.id}/decision`, null, body),
    onSuccess: async (_, body) => {
      notifications.show({
        color: 'green',
        title: body.decision === 'never_merge' ? 'Marked as different people' : 'Dismissed',
        message:
          body.decision === 'never_merge'
            ? 'They will not be suggested or merged again.'
            : 'The pair leaves the queue; later scans skip it.',
      });
      onDone?.();
      await queryClient.invalidateQueries({ queryKey: IDENTITY_KEY });
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'Nothing was changed', message: describeError(err) }),
  });
}

function CandidateCard({
  candidate,
  actions,
  onReview,
  onSeparate,
}: {
  candidate: DuplicateCandidate;
  actions: boolean;
  onReview: () => void;
  onSeparate: () => void;
}) {
  const fmt = useFormat();
  const dismiss = useDecision(candidate);
  const [a, b] = candidate.customers;
  const title = `${a.fullName || 'Unnamed'} and ${b.fullName || 'Unnamed'}`;
  return (
    <Card component="li" withBorder radius="md" padding="md" aria-label={title}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs" wrap="wrap">
        <Group gap={6} wrap="wrap" style={{ flex: '1 1 320px' }}>
          <Badge variant="filled" color="dark" tt="none">
            {scoreText(candidate.score)} match
          </Badge>
          {candidate.signals.map((s) => (
            <Badge key={`${s.kind}:${s.detail}`} variant="light" color={SIGNAL_COLORS[s.kind]} tt="none">
              {s.detail}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          Found {fmt.relative(candidate.foundAt)}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label={`Compare ${title}`} verticalSpacing={4} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>
                <VisuallyHidden>Field</VisuallyHidden>
              </Table.Th>
              {[a, b].map((c) => (
                <Table.Th key={c.id}>
                  <CustomerAnchor id={c.id} fw={600}>
                    {c.fullName || 'Unnamed customer'}
                  </CustomerAnchor>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ROWS.map((row) => {
              const va = row.value(a, fmt);
              const vb = row.value(b, fmt);
              const same = va !== null && va === vb && row.label !== 'Created';
              return (
                <Table.Tr key={row.label}>
                  <Table.Th scope="row" fw={400} c="dimmed">
                    {row.label}
                  </Table.Th>
                  {[va, vb].map((v, i) => (
                    <Table.Td
                      key={i === 0 ? a.id : b.id}
                      style={{ overflowWrap: 'anywhere' }}
                      fw={same ? 600 : 400}
                    >
                      {v ?? '—'}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {actions ? (
        <Group gap="xs" mt="sm" justify="flex-end" wrap="wrap">
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => dismiss.mutate({ decision: 'dismiss' })}
            loading={dismiss.isPending}
          >
            Dismiss
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserX size={14} aria-hidden />}
            onClick={onSeparate}
          >
            Not the same person
          </Button>
          <Button size="xs" leftSection={<IconGitMerge size={14} aria-hidden />} onClick={onReview}>
            Review & merge
          </Button>
        </Group>
      ) : candidate.status !== 'open' ? (
        <Text size="xs" c="dimmed" mt="xs">
          {candidate.status === 'merged' ? 'Merged' : 'Dismissed or marked as different people'}
        </Text>
      ) : null}
    </Card>
  );
}

function NotSamePersonModal({
  candidate,
  onClose,
}: {
  candidate: DuplicateCandidate | null;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    onClose();
  };
  const decide = useDecision(candidate, close);
  const names = candidate
    ? candidate.customers.map((c) => c.fullName || 'Unnamed customer').join(' and ')
    : '';
  return (
    <Modal opened={candidate !== null} onClose={close} title="Not the same person?" size="md">
      <Stack gap="md">
        <Text size="sm">
          {names} are marked as different people: they leave the queue, and no scan, event or import will
          merge them. This can be reversed on either customer's Merges tab.
        </Text>
        <TextInput
          label="Reason (optional)"
          placeholder="e.g. mother and daughter at the same address"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            onClick={() =>
              decide.mutate({ decision: 'never_merge', ...(reason.trim() ? { reason: reason.trim() } : {}) })
            }
            loading={decide.isPending}
          >
            Mark as different people
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
