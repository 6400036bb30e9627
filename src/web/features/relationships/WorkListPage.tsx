import { Badge, Box, Button, Group, Paper, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import {
  LIFECYCLE_STAGES,
  type LifecycleStage,
  type WorkList,
} from '../../../shared/contracts/relationships.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useFormat } from '../../lib/use-format.js';
import { CustomerAnchor } from '../identity/CustomerAnchor.js';
import { percent } from '../value/value.labels.js';
import { workListQuery } from './queries.js';
import { STAGE_COLORS, STAGE_LABELS, TYPE_LABELS } from './relationships.labels.js';

const route = getRouteApi('/app/relationships/work-list');

const STAGE_OPTIONS = LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }));

type Item = WorkList['items'][number];

/**
 * The agents' work list: customers whose stage (courtship, decline, lapsed, won back) or open
 * complaint calls for action, most valuable first, each with up to three next actions that pass
 * the contact rules. Filters are in the URL.
 */
export function WorkListPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useInfiniteQuery(
    workListQuery({ stage: search.stage, openComplaints: search.openComplaints }),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = search.stage !== undefined || search.openComplaints === true;

  return (
    <>
      <PageHeader
        title="Work list"
        subtitle="Customers whose relationship calls for action now, most valuable first"
        actions={
          <Button component={Link} to="/relationships" variant="default">
            Relationships
          </Button>
        }
      />
      <Group gap="md" mb="md" align="flex-end" wrap="wrap">
        <Select
          label="Stage"
          placeholder="Courtship, decline, lapsed, won back"
          data={STAGE_OPTIONS}
          value={search.stage ?? null}
          onChange={(v) =>
            void navigate({
              search: (prev) => ({ ...prev, stage: (v as LifecycleStage | null) ?? undefined }),
              replace: true,
            })
          }
          clearable
          w={260}
        />
        <Switch
          label="Open complaints only"
          checked={search.openComplaints === true}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            void navigate({
              search: (prev) => ({ ...prev, openComplaints: on || undefined }),
              replace: true,
            });
          }}
          mb={8}
        />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading the work list…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <EmptyState title={filtered ? 'No customer matches these filters' : 'Nothing to work on'}>
            {filtered
              ? 'Clear a filter to see more customers.'
              : 'No customer is in courtship, decline, lapsed or won back, and none has an open complaint. The list fills after the next relationship run.'}
          </EmptyState>
        </Paper>
      ) : (
        <Box className="rapport-table-wrap">
          <Table aria-label="Work list" verticalSpacing="sm" highlightOnHover miw={900}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Strength</Table.Th>
                <Table.Th ta="right">CLV</Table.Th>
                <Table.Th>Next actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <WorkRow key={item.customerId} item={item} />
              ))}
            </Table.Tbody>
          </Table>
        </Box>
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
    </>
  );
}

function WorkRow({ item }: { item: Item }) {
  const fmt = useFormat();
  return (
    <Table.Tr>
      <Table.Td>
        <CustomerAnchor id={item.customerId} fw={600}>
          {item.name || 'Unnamed customer'}
        </CustomerAnchor>
      </Table.Td>
      <Table.Td>{TYPE_LABELS[item.type]}</Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" color={STAGE_COLORS[item.stage]} tt="none">
          {STAGE_LABELS[item.stage]}
        </Badge>
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {percent(item.strength, fmt.locale)}
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {item.clvMinor === null ? '—' : fmt.money(item.clvMinor)}
      </Table.Td>
      <Table.Td>
        {item.nextActions.length === 0 ? (
          <Text size="sm" c="gray.7">
            None passes the contact rules now
          </Text>
        ) : (
          <Stack gap={4} component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
            {item.nextActions.map((a) => {
              const warnings = a.policy.reasons.filter((r) => r.verdict !== 'allow');
              return (
                <li key={a.key}>
                  <Text size="sm" title={a.why}>
                    {a.title}
                    {warnings.length ? (
                      <Text span c="yellow.9" ml={4} title={warnings.map((w) => w.message).join(' ')}>
                        <IconAlertTriangle
                          size={14}
                          aria-label={`${warnings.length} warning`}
                          style={{ verticalAlign: 'middle' }}
                        />
                      </Text>
                    ) : null}
                  </Text>
                </li>
              );
            })}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
