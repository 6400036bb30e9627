import {
  Alert,
  Badge,
  Button,
  type ButtonProps,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconLoader2, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ValueRun } from '../../../shared/contracts/value.js';
import { useFormat } from '../../lib/use-format.js';
import { longDay } from './value.charts.js';
import {
  MODEL_LABELS,
  progressPercent,
  progressText,
  STATUS_COLORS,
  STATUS_LABELS,
  TRIGGER_LABELS,
} from './value.labels.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="gray.7" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} component="div" truncate>
        {children}
      </Text>
    </Stack>
  );
}

export function StatusBadge({ status }: { status: ValueRun['status'] }) {
  return (
    <Badge size="sm" variant="light" color={STATUS_COLORS[status]} tt="none">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** The run a screen shows, in one strip: what history it used and when it was made. */
export function RunSummary({ run }: { run: ValueRun }) {
  const fmt = useFormat();
  const computed = run.finishedAt ?? run.requestedAt;
  return (
    <Paper withBorder p="md" component="section" aria-label="Run shown">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
        <Fact label="History up to">{run.asOf ? longDay(run.asOf, fmt.locale) : '—'}</Fact>
        <Fact label="Customers">{run.customers === null ? '—' : fmt.number(run.customers)}</Fact>
        <Fact label="Orders">{run.orders === null ? '—' : fmt.number(run.orders)}</Fact>
        <Fact label="Transaction model">{MODEL_LABELS[run.transactionModel]}</Fact>
        <Fact label="Computed">
          <time dateTime={computed.toISOString()} title={fmt.dateTime(computed)}>
            {fmt.relative(computed)}
          </time>
          <Text span size="xs" c="gray.7" fw={400}>
            {' '}
            · {TRIGGER_LABELS[run.trigger].toLowerCase()}
          </Text>
        </Fact>
        <Fact label="Status">
          <Group gap={6} wrap="nowrap">
            <StatusBadge status={run.status} />
            {run.current ? (
              <Badge size="sm" variant="outline" color="gray" tt="none">
                current
              </Badge>
            ) : null}
          </Group>
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}

/** What the progress strip and the failure say of a run: value runs and relationship runs alike. */
export type RunState = Pick<
  ValueRun,
  'status' | 'progress' | 'requestedBy' | 'requestedAt' | 'startedAt' | 'error'
>;

/**
 * A queued or running run's progress: its phase and how far it is, read out as it moves.
 * `subject` names what is recomputed ("value", "relationships").
 */
export function RunProgress({ run, subject = 'value' }: { run: RunState; subject?: string }) {
  const fmt = useFormat();
  const pct = progressPercent(run);
  const text = progressText(run, fmt.locale);
  return (
    <Alert
      color="blue"
      variant="light"
      // Progress, not an alarm: read out politely as it moves.
      role="status"
      aria-live="polite"
      icon={<IconLoader2 size={18} aria-hidden />}
      title={run.status === 'queued' ? 'Recompute queued' : `Recomputing ${subject}`}
    >
      <Stack gap={6}>
        <Text size="sm">{text}</Text>
        <Progress
          value={pct ?? 100}
          animated={pct === null || run.status === 'running'}
          striped={pct === null}
          aria-label="Recompute progress"
          size="md"
        />
        <Text size="xs" c="gray.7">
          Started {fmt.relative(run.startedAt ?? run.requestedAt)} by {run.requestedBy.name}. The figures
          below stay those of the current run until this one succeeds.
        </Text>
      </Stack>
    </Alert>
  );
}

/** A failed run and the reason it gives. */
export function RunFailed({ run }: { run: RunState }) {
  const fmt = useFormat();
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title="The last recompute failed"
    >
      <Text size="sm">{run.error ?? 'The run stopped without saying why.'}</Text>
      <Text size="xs" c="gray.7" mt={4}>
        Requested {fmt.dateTime(run.requestedAt)} by {run.requestedBy.name}. It changed nothing: what is shown
        comes from the last run that succeeded.
      </Text>
    </Alert>
  );
}

/** "Recompute now" for a `useRunRecompute`: busy while the run it follows is queued or running. */
export function RecomputeButton({
  recompute,
  ...props
}: { recompute: { start: () => void; starting: boolean; busy: boolean } } & Pick<
  ButtonProps,
  'size' | 'variant'
>) {
  return (
    <Button
      {...props}
      leftSection={<IconRefresh size={props.size === 'xs' ? 14 : 16} aria-hidden />}
      onClick={recompute.start}
      loading={recompute.starting}
      disabled={recompute.busy}
    >
      Recompute now
    </Button>
  );
}
