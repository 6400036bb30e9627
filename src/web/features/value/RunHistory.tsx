import { Badge, Box, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ValueRun } from '../../../shared/contracts/value.js';
import { useFormat } from '../../lib/use-format.js';
import { StatusBadge } from './RunStatus.js';
import { longDay } from './value.charts.js';
import { MODEL_LABELS, progressText, TRIGGER_LABELS } from './value.labels.js';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/**
 * The latest runs, newest first. A run that succeeded can be opened: the screen then shows its
 * dashboard and validation (`shownId`); failed runs say why.
 */
export function RunHistory({
  runs,
  shownId,
  onShow,
}: {
  runs: readonly ValueRun[];
  shownId: string | null;
  onShow: (run: ValueRun) => void;
}) {
  const fmt = useFormat();
  return (
    <Stack gap="md" component="section" aria-labelledby="value-runs-title">
      <Stack gap={2}>
        <Title order={2} size="h4" id="value-runs-title">
          Runs
        </Title>
        <Text size="sm" c="gray.7">
          Each run scores every customer on the orders up to its date. Open an earlier run to see what it
          predicted and how it validated.
        </Text>
      </Stack>
      {runs.length === 0 ? (
        <Text size="sm" c="gray.7">
          No runs yet.
        </Text>
      ) : (
        <Box className="rapport-table-wrap">
          <Table aria-label="Value runs" verticalSpacing="xs" highlightOnHover miw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Requested</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>History up to</Table.Th>
                <Table.Th ta="right">Customers</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((run) => {
                const shown = run.id === shownId;
                const when = fmt.dateTime(run.requestedAt);
                return (
                  <Table.Tr
                    key={run.id}
                    aria-current={shown ? 'true' : undefined}
                    bg={shown ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td style={NOWRAP}>
                      <time dateTime={run.requestedAt.toISOString()}>{when}</time>
                    </Table.Td>
                    <Table.Td style={NOWRAP}>
                      {TRIGGER_LABELS[run.trigger]}
                      <Text size="xs" c="gray.7">
                        {run.requestedBy.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge status={run.status} />
                        {run.current ? (
                          <Badge size="sm" variant="outline" color="gray" tt="none">
                            current
                          </Badge>
                        ) : null}
                      </Group>
                      {run.status === 'failed' && run.error ? (
                        <Text size="xs" c="red.8" mt={2} lineClamp={2} title={run.error}>
                          {run.error}
                        </Text>
                      ) : null}
                      {run.status === 'queued' || run.status === 'running' ? (
                        <Text size="xs" c="gray.7" mt={2}>
                          {progressText(run, fmt.locale)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td style={NOWRAP}>{run.asOf ? longDay(run.asOf, fmt.locale) : '—'}</Table.Td>
                    <Table.Td ta="right">{run.customers === null ? '—' : fmt.number(run.customers)}</Table.Td>
                    <Table.Td style={NOWRAP}>{MODEL_LABELS[run.transactionModel]}</Table.Td>
                    <Table.Td ta="right">
                      {run.status === 'succeeded' && !shown ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => onShow(run)}
                          aria-label={`Show the run of ${when}`}
                        >
                          Show
                        </Button>
                      ) : shown ? (
                        <Text size="xs" c="gray.7" style={NOWRAP}>
                          shown
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}
