import {
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowBackUp, IconHeartHandshake, IconShieldCheck, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { RelationshipPortfolio } from '../../../shared/contracts/relationships.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { StatTile } from '../dashboard/StatTile.js';
import { RecomputeButton, RunFailed, RunProgress } from '../value/RunStatus.js';
import { useRunRecompute } from '../value/use-recompute.js';
import { isActive } from '../value/value.labels.js';
import { portfolioQuery, RELATIONSHIPS_RECOMPUTE, runsQuery } from './queries.js';
import { QuadrantChart, StageFlowsChart, StagesChart, TypeMixChart } from './RelationshipCharts.js';
import { REASON_LABELS, VERDICT_COLORS, VERDICT_LABELS } from './relationships.labels.js';

const route = getRouteApi('/app/relationships');

const HALF = { base: 12, md: 6 };

/**
 * The relationship portfolio: how many customers of each relationship type and lifecycle stage
 * there are, how they moved between two days (a Sankey), strength against value, and what the
 * contact rules prevented. Those who may import recompute now and follow the run here.
 */
export function RelationshipsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canRecompute = useCan('data:import');
  const runs = useQuery(runsQuery);
  const portfolio = useQuery(portfolioQuery({ from: search.from, to: search.to }));
  const items = runs.data?.items ?? [];
  const recompute = useRunRecompute(items.find(isActive), RELATIONSHIPS_RECOMPUTE);
  const followed = recompute.run;
  const failed = followed?.status === 'failed' ? followed : items[0]?.status === 'failed' ? items[0] : null;
  const data = portfolio.data;

  const recomputeButton = canRecompute ? <RecomputeButton recompute={recompute} /> : null;

  return (
    <>
      <PageHeader
        title="Relationships"
        subtitle="What kind of relationship each customer has with us, where it is going, and what that asks of us"
        actions={
          <>
            <Button component={Link} to="/relationships/work-list" variant="default">
              Work list
            </Button>
            {recomputeButton}
          </>
        }
      />
      <Stack gap="md">
        {followed && isActive(followed) ? <RunProgress run={followed} subject="relationships" /> : null}
        {failed ? <RunFailed run={failed} /> : null}
        {portfolio.isPending ? (
          <LoadingState label="Loading the relationship portfolio…" minHeight={480} />
        ) : portfolio.isError ? (
          <ErrorState error={portfolio.error} onRetry={() => void portfolio.refetch()} />
        ) : data?.run && data.customers > 0 ? (
          <PortfolioContent
            data={data}
            onRange={(range) => void navigate({ search: range, replace: true })}
          />
        ) : (
          <NoRunYet recompute={recomputeButton} />
        )}
      </Stack>
    </>
  );
}

function PortfolioContent({
  data,
  onRange,
}: {
  data: RelationshipPortfolio;
  onRange: (range: { from: string; to: string }) => void;
}) {
  const fmt = useFormat();
  const v = data.violationsPrevented;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
        <StatTile
          label="Customers classified"
          value={data.customers}
          icon={IconUsers}
          caption={`${fmt.number(data.typeMix.filter((t) => t.customers > 0).length)} types in use`}
        />
        <StatTile
          label="Prevented in 30 days"
          value={v.blocked + v.warned}
          icon={IconShieldCheck}
          caption={`${fmt.number(v.blocked)} blocked, ${fmt.number(v.warned)} warned`}
        />
        <StatTile
          label="Strong, low value"
          value={data.lowValueStrong}
          icon={IconHeartHandshake}
          caption="Not to let go on value alone"
        />
        <StatTile
          label="Repeat churn"
          value={data.churn.repeatLapsed}
          icon={IconArrowBackUp}
          caption={`Of ${fmt.number(data.churn.everLapsed)} who ever lapsed`}
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={HALF}>
          <TypeMixChart portfolio={data} />
        </Grid.Col>
        <Grid.Col span={HALF}>
          <StagesChart portfolio={data} />
        </Grid.Col>
        <Grid.Col span={HALF}>
          <StageFlowsChart flows={data.flows} onRange={onRange} />
        </Grid.Col>
        <Grid.Col span={HALF}>
          <QuadrantChart portfolio={data} />
        </Grid.Col>
      </Grid>
      <ViolationsTable violations={v} />
    </Stack>
  );
}

function ViolationsTable({ violations }: { violations: RelationshipPortfolio['violationsPrevented'] }) {
  const fmt = useFormat();
  const rows = [...violations.byReason].sort((a, b) => b.decisions - a.decisions);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="violations-title">
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id="violations-title">
            Violations prevented
          </Title>
          <Text size="sm" c="gray.7">
            Planned contacts the rules blocked or warned about since {fmt.date(violations.since)}, by reason:{' '}
            {fmt.number(violations.checks)} checks in all. A contact can break more than one rule.
          </Text>
        </Stack>
        {rows.length === 0 ? (
          <Text size="sm" c="gray.7">
            Nothing was blocked or warned about.
          </Text>
        ) : (
          <Box className="rapport-table-wrap">
            <Table aria-label="Violations prevented by reason" verticalSpacing="xs" miw={480}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Verdict</Table.Th>
                  <Table.Th ta="right">Decisions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={`${r.code}:${r.verdict}`}>
                    <Table.Td>{REASON_LABELS[r.code]}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={VERDICT_COLORS[r.verdict]} tt="none">
                        {VERDICT_LABELS[r.verdict]}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {fmt.number(r.decisions)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Stack>
    </Paper>
  );
}

function NoRunYet({ recompute }: { recompute: ReactNode }) {
  return (
    <Paper withBorder p="xl">
      <EmptyState title="No relationships computed yet" action={recompute}>
        {recompute
          ? 'Every night each customer’s relationship type and lifecycle stage are inferred from what they do and say. Recompute now to see them without waiting for tonight.'
          : 'Every night each customer’s relationship type and lifecycle stage are inferred from what they do and say. They appear here after the first run.'}
      </EmptyState>
      <Group justify="center">
        <Anchor component={Link} to="/settings/relationships" size="sm">
          Contact rules and scoring model
        </Anchor>
      </Group>
    </Paper>
  );
}
