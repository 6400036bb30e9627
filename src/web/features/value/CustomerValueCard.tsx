import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { CustomerValuePanel } from '../../../shared/contracts/value.js';
import { isMissingRecord } from '../../components/DeletableRecord.js';
import { EChart } from '../../components/EChart.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useFormat } from '../../lib/use-format.js';
import { Section, Stat } from '../customers/360/CustomerProfileCard.js';
import { customerValueQuery } from './queries.js';
import { TierBadge } from './TierBadge.js';
import { longDay, pAliveHistoryLabel, pAliveHistoryOption } from './value.charts.js';
import {
  clvBasis,
  clvDiscountHint,
  decimal,
  LAPSED_P_ALIVE,
  pAliveSentence,
  percent,
  SEGMENT_HINTS,
  SEGMENT_LABELS,
  tierRange,
} from './value.labels.js';

const HISTORY_CHART_HEIGHT = 120;

/**
 * The 360's value card: what the current value run predicts for this customer (CLV beside the
 * simple formula's, P(alive) in words, expected purchases and spend, tier, RFM) and how their
 * P(alive) moved across the kept runs.
 */
export function CustomerValueCard({ customerId }: { customerId: string }) {
  const query = useQuery(customerValueQuery(customerId));
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="Customer value">
      <Section title="Value">
        {query.isPending ? (
          <LoadingState label="Loading the customer’s value…" minHeight={120} />
        ) : query.isError ? (
          isMissingRecord(query.error) ? (
            <Text size="sm" c="dimmed">
              No value for this customer.
            </Text>
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : (
          <ValueBody panel={query.data} />
        )}
      </Section>
    </Card>
  );
}

function ValueBody({ panel }: { panel: CustomerValuePanel }) {
  const fmt = useFormat();
  const { current, run, history } = panel;
  if (!run) {
    return (
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Not computed yet
        </Text>
        <Text size="sm" c="dimmed">
          Customer value is computed every night from orders. It appears here after the first run.{' '}
          <Anchor component={Link} to="/value" size="sm">
            Value page
          </Anchor>
        </Text>
      </Stack>
    );
  }
  const asOf = run.asOf ? longDay(run.asOf, fmt.locale) : '—';
  if (!current) {
    return (
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          No value for this customer yet
        </Text>
        <Text size="sm" c="dimmed">
          They had no orders in the history of the current run (up to {asOf}). Value is predicted from
          purchases, so it appears after their first order and the next run.
        </Text>
      </Stack>
    );
  }
  const money = (minor: number) => fmt.money(minor, current.currency);
  const lapsed = current.pAlive <= LAPSED_P_ALIVE;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Customer lifetime value
          </Text>
          <Text fw={700} fz={24} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {money(current.clvMinor)}
          </Text>
          <Text size="xs" c="dimmed" title={clvDiscountHint(run.settings.monthlyDiscountRate, fmt.locale)}>
            {clvBasis(run.settings, fmt.locale)}
          </Text>
          <Text size="xs" c="dimmed">
            Simple formula: {money(current.heuristicClvMinor)}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <TierBadge tier={current.tier} size="md" />
          <Text size="xs" c="dimmed">
            {tierRange(current.tier)} by CLV
          </Text>
        </Stack>
      </Group>

      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          P(alive)
        </Text>
        <Text size="sm" fw={600} c={lapsed ? 'orange.9' : undefined}>
          {pAliveSentence(current.pAlive, fmt.locale)}
        </Text>
      </Stack>

      <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
        <Stat label="Purchases, next 3 months" value={decimal(current.expectedPurchases3m, fmt.locale, 1)} />
        <Stat
          label="Purchases, next 12 months"
          value={decimal(current.expectedPurchases12m, fmt.locale, 1)}
        />
        <Stat label="Spend per purchase" value={money(current.expectedSpendMinor)} />
        <Stat
          label="Purchases so far"
          value={`${fmt.number(current.orders)} · ${money(current.spendMinor)}`}
        />
      </SimpleGrid>

      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          RFM
        </Text>
        <Text
          size="sm"
          fw={600}
          aria-label={`Recency ${current.rfm.r}, frequency ${current.rfm.f}, money ${current.rfm.m}`}
        >
          R{current.rfm.r} · F{current.rfm.f} · M{current.rfm.m}
        </Text>
        <Tooltip label={SEGMENT_HINTS[current.rfm.segment]} withinPortal>
          <Badge size="sm" variant="light" color="gray" tt="none">
            {SEGMENT_LABELS[current.rfm.segment]}
          </Badge>
        </Tooltip>
        <Text size="xs" c="dimmed">
          last order {fmt.number(current.recencyDays)} {current.recencyDays === 1 ? 'day' : 'days'} before{' '}
          {asOf}
        </Text>
      </Group>

      <PAliveHistory history={history} currency={current.currency} />

      <Text size="xs" c="dimmed">
        From the run of {asOf}, computed {fmt.relative(current.computedAt)} ·{' '}
        <Anchor component={Link} to="/value" size="xs">
          Value page
        </Anchor>
      </Text>
    </Stack>
  );
}

function PAliveHistory({ history, currency }: { history: CustomerValuePanel['history']; currency: string }) {
  const fmt = useFormat();
  const option = useMemo(() => pAliveHistoryOption(history, currency, fmt), [history, currency, fmt]);
  if (history.length < 2) {
    return (
      <Text size="xs" c="dimmed">
        P(alive) over time shows once there are two runs
        {history.length === 1 ? ` (now ${percent(history[0]!.pAlive, fmt.locale)})` : ''}.
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        P(alive) over time
      </Text>
      <EChart option={option} height={HISTORY_CHART_HEIGHT} label={pAliveHistoryLabel(history, fmt)} />
    </Stack>
  );
}
