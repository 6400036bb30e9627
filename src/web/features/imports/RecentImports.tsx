import { Anchor, Badge, Skeleton, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ImportRun, ImportStatus } from '../../../shared/contracts/imports.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useFormat } from '../../lib/use-format.js';
import { KIND_INFO } from './import-fields.js';
import classes from './imports.module.css';
import { recentImportsQuery } from './queries.js';

const STATUS: Record<ImportStatus, { label: string; color: string }> = {
  running: { label: 'Running', color: 'blue' },
  completed: { label: 'Completed', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
};

const COLUMNS = [
  'Started',
  'By',
  'Kind',
  'File',
  'Status',
  'Rows',
  'Added',
  'Updated',
  'Unchanged',
  'Rejected',
];

function Row({ run, current }: { run: ImportRun; current: boolean }) {
  const fmt = useFormat();
  const navigate = useNavigate();
  const status = STATUS[run.status];
  return (
    <Table.Tr
      bg={current ? 'var(--mantine-color-blue-light)' : undefined}
      aria-current={current ? 'true' : undefined}
      style={{ cursor: 'pointer' }}
      // The file name is the link (keyboard, new tab); the rest of the row is a mouse shortcut.
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        void navigate({ to: '/import', search: { run: run.id } });
      }}
    >
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={fmt.dateTime(run.createdAt)} withArrow>
          <Text size="sm" span>
            {fmt.relative(run.createdAt)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{run.createdBy.name}</Table.Td>
      <Table.Td>{KIND_INFO[run.kind].label}</Table.Td>
      <Table.Td className={classes.fileCell}>
        <Anchor
          size="sm"
          aria-label={`Open the report of ${run.fileName}`}
          renderRoot={(props) => <Link {...props} to="/import" search={{ run: run.id }} />}
        >
          {run.fileName}
        </Anchor>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Badge variant="light" color={status.color} tt="none" styles={{ label: { overflow: 'visible' } }}>
          {status.label}
        </Badge>
      </Table.Td>
      {[run.rowsRead, run.inserted, run.updated, run.unchanged, run.rejectedCount].map((n, i) => (
        <Table.Td
          key={COLUMNS[5 + i]}
          ta="right"
          className={classes.lineCell}
          c={i === 4 && n > 0 ? 'red.8' : undefined}
        >
          {fmt.number(n)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

/** The workspace's latest imports, each opening its report. */
export function RecentImports({ currentRunId }: { currentRunId: string | undefined }) {
  const query = useQuery(recentImportsQuery);
  return (
    <section aria-labelledby="recent-imports-title">
      <Title order={2} size="h4" id="recent-imports-title" mb="sm">
        Recent imports
      </Title>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data && query.data.items.length === 0 ? (
        <EmptyState title="No imports yet">Files you import show here with their reports.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={920}>
          <Table highlightOnHover verticalSpacing="xs" withTableBorder aria-label="Recent imports">
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c, i) => (
                  <Table.Th key={c} ta={i >= 5 ? 'right' : undefined}>
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data
                ? query.data.items.map((run) => (
                    <Row key={run.id} run={run} current={run.id === currentRunId} />
                  ))
                : // Placeholder rows of the real height, so the page does not jump when the list arrives.
                  [0, 1, 2].map((i) => (
                    <Table.Tr key={i}>
                      {COLUMNS.map((c) => (
                        <Table.Td key={c}>
                          <Skeleton height={14} my={4} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
