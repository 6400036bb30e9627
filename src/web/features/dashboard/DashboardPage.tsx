import './dashboard.css';
import { ActionIcon, Button, Grid, Group, Paper, SimpleGrid, Skeleton, Stack, Tooltip } from '@mantine/core';
import {
  IconFileImport,
  IconRefresh,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Dashboard } from '../../../shared/contracts/dashboard.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { api } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { CHART_CARD_HEIGHT, NewCustomersChart, RevenueChart, TouchpointsChart } from './DashboardCharts.js';
import { OpenTasks, RecentActivity } from './DashboardPanels.js';
import { StatTile, TILE_HEIGHT } from './StatTile.js';

/** The dashboard's figures with the server's default windows (90 days active, 30 days new). */
export const dashboardQuery = queryOptions({
  queryKey: ['dashboard'],
  queryFn: ({ signal }) => api.get('/dashboard', Dashboard, { signal }),
});

/** The lower row's panels: a list of ten items fits without scrolling on most screens. */
const PANEL_HEIGHT = 380;

const TILE_COLS = { base: 1, xs: 2, lg: 4 };
const SPAN_HALF = { base: 12, md: 6 };
// Three panels side by side would leave each under 350 px even at the page's widest, so the
// channel chart and the tasks share a row and the activity list takes the next (in two columns).
const SPAN_PANEL = { base: 12, sm: 6 };
const SPAN_FULL = { base: 12 };

/** The home page: how many customers, how they move, what happened, what is left to do. */
export function DashboardPage() {
  const query = useQuery(dashboardQuery);
  const fmt = useFormat();
  const data = query.data;

  return (
    <>
      <PageHeader
        title="Dashboard"
        // One short line in every state, so the header never grows when the figures arrive.
        subtitle={
          data
            ? `As of ${fmt.dateTime(data.asOf)} · active = a touch point or order in the last ${data.activeDays} days`
            : query.isError
              ? 'The figures could not be loaded'
              : 'Loading the figures…'
        }
        actions={
          <Tooltip label="Refresh">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Refresh the dashboard"
              loading={query.isFetching}
              onClick={() => void query.refetch()}
            >
              <IconRefresh size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        }
      />
      {query.isPending ? (
        <DashboardSkeleton />
      ) : query.isError && !data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : data && data.customers.total === 0 ? (
        <NoCustomersYet />
      ) : data ? (
        <DashboardContent data={data} />
      ) : null}
    </>
  );
}

function DashboardContent({ data }: { data: Dashboard }) {
  const { customers, windows, newDays, activeDays } = data;
  const newSince = windows.newSince.toISOString();
  const activeSince = windows.activeSince.toISOString();
  return (
    <Stack gap="md">
      <SimpleGrid cols={TILE_COLS} spacing="md">
        <StatTile
          label="Total customers"
          value={customers.total}
          caption="Everyone in the workspace"
          icon={IconUsers}
          search={{}}
        />
        <StatTile
          label="New customers"
          value={customers.new.value}
          trend={customers.new}
          comparedWith={`the ${newDays} days before`}
          icon={IconUserPlus}
          search={{ createdFrom: newSince }}
        />
        <StatTile
          label="Active customers"
          value={customers.active.value}
          trend={customers.active}
          comparedWith={`the ${activeDays} days before`}
          icon={IconUserCheck}
          search={{ lastActivityFrom: activeSince }}
        />
        <StatTile
          label="Lapsed customers"
          value={customers.lapsed.value}
          trend={customers.lapsed}
          // More lapsed customers is bad news, so an increase is red.
          goodWhen="down"
          comparedWith={`${activeDays} days ago`}
          icon={IconUserOff}
          search={{ lastActivityTo: activeSince }}
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={SPAN_HALF}>
          <NewCustomersChart data={data} />
        </Grid.Col>
        <Grid.Col span={SPAN_HALF}>
          <RevenueChart data={data} />
        </Grid.Col>
        <Grid.Col span={SPAN_PANEL}>
          <TouchpointsChart data={data} height={PANEL_HEIGHT} />
        </Grid.Col>
        <Grid.Col span={SPAN_PANEL}>
          <OpenTasks data={data} height={PANEL_HEIGHT} />
        </Grid.Col>
        <Grid.Col span={SPAN_FULL}>
          <RecentActivity data={data} height={PANEL_HEIGHT} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The same grid with the final heights, so nothing moves when the figures arrive. */
function DashboardSkeleton() {
  return (
    <Stack gap="md" role="status" aria-label="Loading the dashboard" aria-busy>
      <SimpleGrid cols={TILE_COLS} spacing="md">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={TILE_HEIGHT} radius="md" />
        ))}
      </SimpleGrid>
      <Grid gap="md">
        {[0, 1].map((i) => (
          <Grid.Col key={i} span={SPAN_HALF}>
            <Skeleton height={CHART_CARD_HEIGHT} radius="md" />
          </Grid.Col>
        ))}
        {[SPAN_PANEL, SPAN_PANEL, SPAN_FULL].map((span, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed set of placeholders
          <Grid.Col key={i} span={span}>
            <Skeleton height={PANEL_HEIGHT} radius="md" />
          </Grid.Col>
        ))}
      </Grid>
    </Stack>
  );
}

/** A brand-new workspace: nothing to chart yet, so say how to get customers in. */
function NoCustomersYet() {
  const canImport = useCan('data:import');
  const canWrite = useCan('crm:write');
  return (
    <Paper withBorder p="xl">
      <EmptyState
        title="No customers yet"
        action={
          canImport || canWrite ? (
            <Group gap="sm" mt="xs" justify="center">
              {canImport ? (
                <Button component={Link} to="/import" leftSection={<IconFileImport size={16} aria-hidden />}>
                  Import customers
                </Button>
              ) : null}
              {canWrite ? (
                <Button
                  component={Link}
                  to="/customers"
                  variant="default"
                  leftSection={<IconUserPlus size={16} aria-hidden />}
                >
                  New customer
                </Button>
              ) : null}
            </Group>
          ) : null
        }
      >
        {canImport || canWrite
          ? 'Import a CSV export from your booking, shop or loyalty system, or add a first customer by hand. The dashboard fills in as customers, touch points and orders arrive.'
          : 'An admin or manager has not brought any customers in yet. The dashboard fills in as customers, touch points and orders arrive.'}
      </EmptyState>
    </Paper>
  );
}
