import {
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useId, useMemo } from 'react';
import {
  type CaseAnalytics,
  RECOVERY_RESEARCH_SOURCE,
  type SilentCustomer,
} from '../../../../shared/contracts/case-analytics.js';
import { addDays, dayInZone } from '../../../../shared/zoned-day.js';
import { DateRangeForm } from '../../../components/DateRangeForm.js';
import { EChart } from '../../../components/EChart.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { useFormat } from '../../../lib/use-format.js';
import { CustomerAnchor } from '../../identity/CustomerAnchor.js';
import { caseAnalyticsQuery, silentDissatisfactionQuery } from './queries.js';
import {
  durationText,
  percentText,
  repurchaseLabel,
  repurchaseOption,
  researchText,
  SIGNAL_LABELS,
} from './recovery.charts.js';

const route = getRouteApi('/app/cases/dashboard');

const TILE_HEIGHT = 116;
const TILE_COLS = { base: 1, xs: 2, lg: 3 };
const PRESETS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;
const FAST_CHOICES = ['4', '8', '24', '48', '72'].map((h) => ({ value: h, label: `${h} hours` }));

/**
 * The manager's view of service recovery on the workspace's own data: how often customers
 * complain, how fast they hear back and are put right, SLA attainment, CSAT, suggestions
 * answered, and whether complainants resolved fast buy again more than the others — beside
 * what the research says — with the customers drifting away without complaining below.
 */
export function CaseDashboardPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useQuery(caseAnalyticsQuery(search));
  const data = query.data;
  const fmt = useFormat();

  return (
    <>
      <PageHeader
        title="Case analytics"
        subtitle={
          data
            ? `Cases opened ${fmt.date(data.period.from)} – ${fmt.date(data.period.to)} · as of ${fmt.dateTime(data.asOf)}`
            : query.isError
              ? 'The figures could not be loaded'
              : 'Loading the figures…'
        }
      />
      <PeriodPicker
        period={data?.period ?? null}
        fastHours={data?.repurchase.fastHours ?? search.fastHours ?? 24}
        onChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true })}
      />
      {query.isPending ? (
        <FiguresSkeleton />
      ) : query.isError && !data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : data && data.cases.opened === 0 ? (
        <Paper withBorder>
          <EmptyState title="No cases in this period">
            No complaint, suggestion, question or praise was opened between {fmt.date(data.period.from)} and{' '}
            {fmt.date(data.period.to)}. Pick a longer period, or wait for the first cases to come in.
          </EmptyState>
        </Paper>
      ) : data ? (
        <Figures data={data} />
      ) : null}
      <SilentList />
    </>
  );
}

function PeriodPicker({
  period,
  fastHours,
  onChange,
}: {
  period: CaseAnalytics['period'] | null;
  fastHours: number;
  onChange: (next: {
    from?: string | undefined;
    to?: string | undefined;
    fastHours?: number | undefined;
  }) => void;
}) {
  const fmt = useFormat();
  const today = dayInZone(new Date(), fmt.timeZone);
  return (
    <Paper withBorder p="sm" mb="md">
      <Group gap="md" align="flex-end" wrap="wrap">
        <Group gap="xs" role="group" aria-label="Period presets">
          {PRESETS.map((p) => (
            <Button
              key={p.days}
              size="xs"
              variant={
                period && period.to === today && period.from === addDays(today, 1 - p.days)
                  ? 'filled'
                  : 'default'
              }
              onClick={() => onChange({ from: addDays(today, 1 - p.days), to: undefined })}
            >
              {p.label}
            </Button>
          ))}
        </Group>
        <DateRangeForm label="Period" value={period} onSubmit={(r) => onChange(r)} />
        <Select
          label="Fast means resolved within"
          size="xs"
          w={200}
          data={
            FAST_CHOICES.some((c) => c.value === String(fastHours))
              ? FAST_CHOICES
              : [...FAST_CHOICES, { value: String(fastHours), label: `${fastHours} hours` }]
          }
          value={String(fastHours)}
          allowDeselect={false}
          onChange={(v) => v && onChange({ fastHours: Number(v) })}
        />
      </Group>
    </Paper>
  );
}

/** One headline figure with a line saying what it counts. */
function MetricTile({ label, value, caption }: { label: string; value: string; caption: ReactNode }) {
  const captionId = useId();
  return (
    <Paper
      withBorder
      p="md"
      h={TILE_HEIGHT}
      role="group"
      aria-label={`${label}: ${value}`}
      aria-describedby={captionId}
      style={{ display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}
    >
      <Text size="sm" fw={600} c="gray.7" truncate>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="gray.7" id={captionId} truncate>
        {caption}
      </Text>
    </Paper>
  );
}

function Figures({ data }: { data: CaseAnalytics }) {
  const fmt = useFormat();
  const n = fmt.number;
  const { complaintRate: rate, firstContact, resolution, sla, csat, suggestions } = data;
  return (
    <Stack gap="md">
      <SimpleGrid cols={TILE_COLS} spacing="md">
        <MetricTile
          label="Complaints per 1,000 orders"
          value={rate.per1000Orders === null ? '—' : n(rate.per1000Orders)}
          caption={
            rate.per1000Orders === null
              ? `${n(rate.complaints)} complaints, no orders in the period`
              : `${n(rate.complaints)} complaints, ${n(rate.orders)} orders`
          }
        />
        <MetricTile
          label="First contact, median"
          value={durationText(firstContact.medianHours, fmt.locale)}
          caption={`90% within ${durationText(firstContact.p90Hours, fmt.locale)} · ${n(firstContact.measured)} cases answered`}
        />
        <MetricTile
          label="Resolution, median"
          value={durationText(resolution.medianHours, fmt.locale)}
          caption={`90% within ${durationText(resolution.p90Hours, fmt.locale)} · ${n(resolution.measured)} cases resolved`}
        />
        <MetricTile
          label="SLA attainment"
          value={percentText(sla.attainment, fmt.locale)}
          caption={
            sla.met + sla.missed === 0
              ? 'No SLA target has stopped yet'
              : `${n(sla.met)} of ${n(sla.met + sla.missed)} targets met · ${sla.byKind
                  .filter((k) => k.attainment !== null)
                  .map((k) => `${KIND_SHORT[k.kind]} ${percentText(k.attainment, fmt.locale)}`)
                  .join(', ')}`
          }
        />
        <MetricTile
          label="CSAT"
          value={csat.average === null ? '—' : `${n(csat.average)} / 5`}
          caption={
            csat.requested === 0
              ? 'No satisfaction follow-up sent yet'
              : `${n(csat.answered)} answers of ${n(csat.requested)} asked (${percentText(csat.responseRate, fmt.locale)})`
          }
        />
        <MetricTile
          label="Suggestions answered"
          value={percentText(suggestions.answeredRate, fmt.locale)}
          caption={
            suggestions.opened === 0
              ? 'No suggestion in the period'
              : `${n(suggestions.answered)} of ${n(suggestions.opened)} told the outcome`
          }
        />
      </SimpleGrid>
      <RepurchaseCard data={data} />
    </Stack>
  );
}

const KIND_SHORT = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

function RepurchaseCard({ data }: { data: CaseAnalytics }) {
  const fmt = useFormat();
  const r = data.repurchase;
  const option = useMemo(() => repurchaseOption(r, fmt), [r, fmt]);
  const small = r.fast.smallSample || r.slow.smallSample;
  const group = (label: string, g: CaseAnalytics['repurchase']['fast']) => (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">
        {label}: <b>{percentText(g.rate, fmt.locale)}</b> of {fmt.number(g.customers)}{' '}
        {g.customers === 1 ? 'customer' : 'customers'}
      </Text>
      {g.smallSample ? (
        <Badge size="sm" color="yellow" variant="light" tt="none">
          Small sample
        </Badge>
      ) : null}
    </Group>
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="repurchase-title">
      <Title order={2} size="h5" id="repurchase-title">
        Buying again after a complaint
      </Title>
      <Text size="xs" c="gray.7" mb="sm">
        Customers whose complaint in the period was resolved, who ordered within {r.windowDays} days after the
        resolution; each customer counted once, by their first complaint.
      </Text>
      <Stack
        gap={4}
        mb="sm"
        component="ul"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label="Your complainants"
      >
        <li>{group(`Resolved within ${r.fastHours} hours`, r.fast)}</li>
        <li>{group('Resolved later', r.slow)}</li>
      </Stack>
      {r.fast.customers + r.slow.customers === 0 ? (
        <Text size="sm" c="gray.7">
          No resolved complaint of the period has reached the end of its {r.windowDays} days yet.
        </Text>
      ) : (
        <EChart option={option} height={200} label={repurchaseLabel(r, fmt)} />
      )}
      {small ? (
        <Text size="xs" c="yellow.9" mt="xs">
          Fewer than {data.smallSampleCustomers} customers in a group: the rate can swing a lot from one
          customer to the next. Read it with care, or pick a longer period.
        </Text>
      ) : null}
      {r.awaitingWindow > 0 ? (
        <Text size="xs" c="gray.7" mt="xs">
          {fmt.number(r.awaitingWindow)} more {r.awaitingWindow === 1 ? 'customer is' : 'customers are'}{' '}
          counted once their {r.windowDays} days have passed.
        </Text>
      ) : null}
      <Box mt="sm" component="figure" m={0}>
        <Text size="xs" fw={600} component="figcaption">
          What the research says ({RECOVERY_RESEARCH_SOURCE})
        </Text>
        <Stack gap={2} component="ul" m={0} pl="md" aria-label="Research figures">
          {r.research.map((f) => (
            <Text size="xs" c="gray.7" component="li" key={f.id}>
              {f.label}: <b>{researchText(f, fmt.locale)}</b> — “{f.text}”
            </Text>
          ))}
        </Stack>
      </Box>
    </Paper>
  );
}

function FiguresSkeleton() {
  return (
    <Stack gap="md" role="status" aria-label="Loading the figures" aria-busy>
      <SimpleGrid cols={TILE_COLS} spacing="md">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} height={TILE_HEIGHT} radius="md" />
        ))}
      </SimpleGrid>
      <Skeleton height={360} radius="md" />
    </Stack>
  );
}

/** Customers with a negative signal and falling purchases who never complained: a work list. */
function SilentList() {
  const list = useInfiniteQuery(silentDissatisfactionQuery());
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Box component="section" aria-labelledby="silent-title" mt="lg">
      <Title order={2} size="h4" id="silent-title">
        Silent dissatisfaction
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        Customers with a low rating, a return or a negative review or mention in the last 180 days, buying
        less than half as often as in the year before, who never complained. Reach out before they are gone.
      </Text>
      {list.isPending ? (
        <LoadingState label="Loading the work list…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <EmptyState title="No customer is drifting away silently">
            Nobody with a negative signal in the last 180 days has stopped buying without complaining.
          </EmptyState>
        </Paper>
      ) : (
        <Box className="rapport-table-wrap">
          <Table aria-label="Silent dissatisfaction" verticalSpacing="sm" highlightOnHover miw={900}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Signals</Table.Th>
                <Table.Th ta="right">Orders per 90 days</Table.Th>
                <Table.Th>Last order</Table.Th>
                <Table.Th>Next step</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <SilentRow key={item.customerId} item={item} />
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
    </Box>
  );
}

function SilentRow({ item }: { item: SilentCustomer }) {
  const fmt = useFormat();
  const more = item.signalCount - item.signals.length;
  return (
    <Table.Tr>
      <Table.Td>
        <CustomerAnchor id={item.customerId} fw={600}>
          {item.name || 'Unnamed customer'}
        </CustomerAnchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {item.signals.map((s) => (
            <Text size="sm" component="li" key={`${s.source}-${s.sourceId}`}>
              {SIGNAL_LABELS[s.kind]}
              {s.satisfaction !== null ? ` ${s.satisfaction}/5` : ''} · {fmt.date(s.at)}
            </Text>
          ))}
          {more > 0 ? (
            <Text size="xs" c="gray.7" component="li">
              and {fmt.number(more)} more
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {fmt.number(item.purchases.priorPer90Days)} → {fmt.number(item.purchases.last90Days)}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(item.lastOrderAt)}</Table.Td>
      <Table.Td>
        <Text size="sm">{item.nextStep.text}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
