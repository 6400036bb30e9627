import { Alert, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconFileImport, IconUsers } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { ImportRun } from '../../../shared/contracts/imports.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { ApiError } from '../../lib/api.js';
import type { Formatter } from '../../lib/format.js';
import { useFormat } from '../../lib/use-format.js';
import { formatBytes } from './file-check.js';
import { KIND_INFO } from './import-fields.js';
import { importRunQuery } from './queries.js';
import { RejectedRows } from './RejectedRows.js';

/** Share of the file read, 0–100, or null while the size is unknown. */
export function progressPercent(run: Pick<ImportRun, 'status' | 'bytesRead' | 'bytesTotal'>): number | null {
  if (run.status !== 'running') return 100;
  if (!run.bytesTotal) return null;
  return Math.min(100, Math.round((run.bytesRead / run.bytesTotal) * 100));
}

/** "12 rows: 9 added, 1 updated, 0 unchanged, 2 rejected" */
export function runSummary(run: ImportRun, fmt: Formatter): string {
  const n = fmt.number;
  return `${n(run.rowsRead)} ${run.rowsRead === 1 ? 'row' : 'rows'}: ${n(run.inserted)} added, ${n(run.updated)} updated, ${n(run.unchanged)} unchanged, ${n(run.rejectedCount)} rejected`;
}

/** The live counts, also the report's totals; fixed tiles so nothing moves as they grow. */
function RunCounts({ run }: { run: ImportRun }) {
  const fmt = useFormat();
  const tiles = [
    { label: 'Rows read', value: run.rowsRead, color: undefined },
    { label: 'Added', value: run.inserted, color: 'teal.8' },
    { label: 'Updated', value: run.updated, color: 'blue.8' },
    { label: 'Unchanged', value: run.unchanged, color: undefined },
    { label: 'Rejected', value: run.rejectedCount, color: run.rejectedCount ? 'red.8' : undefined },
  ];
  return (
    <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="sm">
      {tiles.map((t) => (
        <Paper key={t.label} withBorder p="sm" mih={72}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t.label}
          </Text>
          <Text size="xl" fw={650} c={t.color} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {fmt.number(t.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/**
 * One run, by id: its progress while it runs (polled), then its report. Opened from the
 * upload, from the recent imports, or from a link (`/import?run=<id>`).
 */
export function RunView({
  runId,
  ignoredColumns,
  onReset,
}: {
  runId: string;
  /** The columns the import leaves out, when this browser mapped the file (the run does not say). */
  ignoredColumns: string[] | null;
  onReset: () => void;
}) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const query = useQuery(importRunQuery(runId));
  const run = query.data;

  // Announce the end only of a run watched while it ran, not of an old report opened later.
  const watched = useRef(false);
  useEffect(() => {
    if (!run) return;
    if (run.status === 'running') {
      watched.current = true;
      return;
    }
    if (!watched.current) return;
    watched.current = false;
    if (run.status === 'completed') {
      notifications.show({
        color: run.rejectedCount ? 'yellow' : 'green',
        title: `Imported ${run.fileName}`,
        message: runSummary(run, fmt),
      });
    } else {
      notifications.show({
        color: 'red',
        title: `The import of ${run.fileName} failed`,
        message: run.error ?? '',
      });
    }
    // New and changed records show everywhere at once: lists, the 360 view, the dashboard.
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  }, [run, fmt, queryClient]);

  if (query.isPending) return <LoadingState label="Loading the import…" minHeight={320} />;
  if (query.isError || !run) {
    const missing =
      query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <Stack gap="sm">
        <ErrorState
          error={query.error}
          title={missing ? 'This import does not exist' : undefined}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
        <Group>
          <Button variant="default" onClick={onReset} leftSection={<IconFileImport size={16} />}>
            Import a file
          </Button>
        </Group>
      </Stack>
    );
  }

  const percent = progressPercent(run);
  const running = run.status === 'running';

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
                {running ? 'Importing' : 'Import of'} {run.fileName}
              </Title>
              <Text size="sm" c="dimmed">
                {KIND_INFO[run.kind].label} · started {fmt.dateTime(run.createdAt)} by {run.createdBy.name}
                {run.finishedAt ? ` · finished ${fmt.dateTime(run.finishedAt)}` : ''}
              </Text>
            </div>
            <Badge
              size="lg"
              variant="light"
              color={running ? 'blue' : run.status === 'completed' ? 'teal' : 'red'}
              tt="none"
            >
              {running ? 'Running' : run.status === 'completed' ? 'Completed' : 'Failed'}
            </Badge>
          </Group>
          <Progress
            value={percent ?? 100}
            animated={running}
            striped={running && percent === null}
            color={run.status === 'failed' ? 'red' : running ? 'blue' : 'teal'}
            size="lg"
            aria-label="Import progress"
            aria-valuetext={percent === null ? 'Size unknown' : `${percent}%`}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {running
              ? `${percent === null ? '' : `${percent}% · `}${formatBytes(run.bytesRead, fmt.locale)}${run.bytesTotal ? ` of ${formatBytes(run.bytesTotal, fmt.locale)}` : ''} read`
              : run.status === 'completed'
                ? `Finished: ${runSummary(run, fmt)}.`
                : 'The import stopped.'}
          </Text>
        </Stack>
      </Paper>

      <RunCounts run={run} />

      {run.status === 'failed' ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The import failed" role="alert">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {run.error ?? 'The server gave no reason.'}
          </Text>
          <Text size="sm" mt="xs">
            {run.inserted + run.updated > 0
              ? 'The rows counted above were imported before it stopped; importing the file again finishes the job without duplicates.'
              : 'Nothing was imported. Fix the file or the column mapping, then import it again.'}
          </Text>
        </Alert>
      ) : null}

      {run.status === 'completed' && run.rejectedCount === 0 ? (
        <Alert color="teal" icon={<IconCircleCheck size={18} />} title="Every row was imported">
          {runSummary(run, fmt)}.
        </Alert>
      ) : null}

      {!running && ignoredColumns?.length ? (
        <Text size="sm">
          <Text span fw={600}>
            Columns not imported:
          </Text>{' '}
          {ignoredColumns.join(', ')}
        </Text>
      ) : null}

      {!running && run.rejectedCount > 0 ? (
        <RejectedRows rejected={run.rejected} total={run.rejectedCount} fileName={run.fileName} />
      ) : null}

      {!running ? (
        <Group gap="sm">
          <Button onClick={onReset} leftSection={<IconFileImport size={16} />}>
            Import another file
          </Button>
          {run.kind === 'customers' && run.status === 'completed' ? (
            <Button component={Link} to="/customers" variant="default" leftSection={<IconUsers size={16} />}>
              View customers
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
