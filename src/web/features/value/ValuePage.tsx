import { Alert, Anchor, Button, Grid, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { ValueDashboard, ValueRun } from '../../../shared/contracts/value.js';
import { isMissingRecord } from '../../components/DeletableRecord.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { valueDashboardQuery, valueRunsQuery } from './queries.js';
import { RunHistory } from './RunHistory.js';
import { RecomputeButton, RunFailed, RunProgress, RunSummary } from './RunStatus.js';
import { useRecompute } from './use-recompute.js';
import { FitsPanel, ValidationPanel } from './ValidationPanel.js';
import { ClvHistogramChart, PAliveChart, RfmGridChart, TiersChart } from './ValueCharts.js';
import { longDay } from './value.charts.js';
import { clvBasis, clvDiscountHint, decimal, isActive } from './value.labels.js';

const route = getRouteApi('/app/value');

const HALF = { base: 12, md: 6 };

/**
 * The Value screen: what each customer is likely to be worth and how sure the models are. It
 * shows the current run (or the one picked from the history, `?run=`), lets those who may import
 * recompute now and follows that run, and checks the models against held-out weeks.
 */
export function ValuePage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canRecompute = useCan('data:import');
  const fmt = useFormat();
  const runs = useQuery(valueRunsQuery);
  const dashboard = useQuery(valueDashboardQuery(search.run));
  const items = runs.data?.items ?? [];
  const recompute = useRecompute(items.find(isActive));
  const followed = recompute.run;
  // The failure to report: the run followed here, or else the newest run of the list.
  const failed = followed?.status === 'failed' ? followed : items[0]?.status === 'failed' ? items[0] : null;
  const data = dashboard.data;
  const shown = data?.run ?? null;

  const recomputeButton = canRecompute ? <RecomputeButton recompute={recompute} /> : null;

  const show = (run: ValueRun | null) =>
    void navigate({ search: { run: run && !run.current ? run.id : undefined } });

  return (
    <>
      <PageHeader
        title="Value"
        subtitle="What each customer is likely to buy and be worth, and how well the models predict your customers"
        actions={recomputeButton}
      />
      <Stack gap="md">
        {followed && isActive(followed) ? <RunProgress run={followed} /> : null}
        {failed ? <RunFailed run={failed} /> : null}
        {dashboard.isPending ? (
          <LoadingState label="Loading the value figures…" minHeight={480} />
        ) : dashboard.isError && search.run && isMissingRecord(dashboard.error) ? (
          <Paper withBorder>
            <EmptyState
              title="No such run"
              action={
                <Button variant="light" onClick={() => show(null)}>
                  Show the current run
                </Button>
              }
            >
              The link may be old: only the latest runs are kept.
            </EmptyState>
          </Paper>
        ) : dashboard.isError ? (
          <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        ) : data && shown ? (
          <>
            {shown.current ? null : (
              <Alert color="yellow" variant="light" role="note" icon={<IconHistory size={18} aria-hidden />}>
                <Text size="sm">
                  You are looking at an earlier run, of {shown.asOf ? longDay(shown.asOf, fmt.locale) : '—'}.{' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => show(null)}>
                    Show the current run
                  </Anchor>
                </Text>
              </Alert>
            )}
            <RunSummary run={shown} />
            <ValueContent data={data} run={shown} />
          </>
        ) : (
          <NoRunYet recompute={recomputeButton} />
        )}
        {runs.isError ? (
          <ErrorState
            error={runs.error}
            onRetry={() => void runs.refetch()}
            title="The runs could not be loaded"
          />
        ) : runs.data && (items.length > 0 || shown) ? (
          <Paper withBorder p="md">
            <RunHistory runs={items} shownId={shown?.id ?? null} onShow={show} />
          </Paper>
        ) : null}
      </Stack>
    </>
  );
}

function Totals({ data, run }: { data: ValueDashboard; run: ValueRun }) {
  const fmt = useFormat();
  const t = data.totals;
  const { currency, settings } = run;
  const basis = {
    text: clvBasis(settings, fmt.locale),
    hint: clvDiscountHint(settings.monthlyDiscountRate, fmt.locale),
  };
  const tiles = [
    { label: 'Customers valued', value: fmt.number(t.customers) },
    { label: 'Predicted CLV, all customers', value: fmt.money(t.clvMinor, currency), note: basis },
    { label: 'By the simple formula', value: fmt.money(t.heuristicClvMinor, currency) },
    { label: 'Purchases expected in 12 months', value: decimal(t.expectedPurchases12m, fmt.locale, 0) },
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
      {tiles.map((tile) => (
        <Paper key={tile.label} withBorder p="md" role="group" aria-label={tile.label}>
          <Text size="sm" fw={600} c="gray.7">
            {tile.label}
          </Text>
          <Text fz={24} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {tile.value}
          </Text>
          {tile.note ? (
            <Text size="xs" c="gray.7" title={tile.note.hint}>
              {tile.note.text}
            </Text>
          ) : null}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ValueContent({ data, run }: { data: ValueDashboard; run: ValueRun }) {
  return (
    <Stack gap="xl">
      <Stack gap="md">
        <Totals data={data} run={run} />
        <Grid gap="md">
          <Grid.Col span={HALF}>
            <ClvHistogramChart data={data} currency={run.currency} />
          </Grid.Col>
          <Grid.Col span={HALF}>
            <TiersChart data={data} currency={run.currency} linkToList={run.current} />
          </Grid.Col>
          <Grid.Col span={HALF}>
            <RfmGridChart data={data} bins={run.settings.rfmBins} />
          </Grid.Col>
          <Grid.Col span={HALF}>
            <PAliveChart data={data} linkToList={run.current} />
          </Grid.Col>
        </Grid>
      </Stack>
      <ValidationPanel run={run} />
      <FitsPanel run={run} />
    </Stack>
  );
}

function NoRunYet({ recompute }: { recompute: ReactNode }) {
  return (
    <Paper withBorder p="xl">
      <EmptyState title="No value computed yet" action={recompute}>
        {recompute
          ? 'Customer value is computed every night from your orders: lifetime value, the chance each customer is still buying, and RFM segments. Recompute now to see it without waiting for tonight.'
          : 'Customer value is computed every night from your orders: lifetime value, the chance each customer is still buying, and RFM segments. It appears here after the first run.'}
      </EmptyState>
    </Paper>
  );
}
