import { Anchor, Button, Menu, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import type { ValueDashboard } from '../../../shared/contracts/value.js';
import { EChart } from '../../components/EChart.js';
import { useFormat } from '../../lib/use-format.js';
import { CHART_CARD_HEIGHT, CHART_HEIGHT, DashboardCard } from '../dashboard/DashboardCharts.js';
import {
  clvHistogramLabel,
  clvHistogramOption,
  pAliveHistogramLabel,
  pAliveHistogramOption,
  rfmGridLabel,
  rfmGridOption,
  tierShares,
  tiersLabel,
  tiersOption,
} from './value.charts.js';
import { LAPSED_P_ALIVE, percent, TIER_LABELS } from './value.labels.js';

/** The RFM grid needs room for its labelled cells. */
export const RFM_CHART_HEIGHT = 320;
export const RFM_CARD_HEIGHT = RFM_CHART_HEIGHT + CHART_CARD_HEIGHT - CHART_HEIGHT;

function NoData({ children }: { children: string }) {
  return (
    <Text size="sm" c="gray.7" ta="center" pt="xl">
      {children}
    </Text>
  );
}

export function ClvHistogramChart({ data, currency }: { data: ValueDashboard; currency: string }) {
  const fmt = useFormat();
  const bins = data.clvHistogram;
  const option = useMemo(() => clvHistogramOption(bins, currency, fmt), [bins, currency, fmt]);
  return (
    <DashboardCard
      title="CLV distribution"
      subtitle={`Customers by predicted customer lifetime value, in ${currency}`}
      height={CHART_CARD_HEIGHT}
    >
      {bins.length === 0 ? (
        <NoData>No customer has a CLV in this run.</NoData>
      ) : (
        <EChart option={option} height={CHART_HEIGHT} label={clvHistogramLabel(bins, currency, fmt)} />
      )}
    </DashboardCard>
  );
}

/**
 * Share of customers and of CLV per tier. On the current run a bar (or the menu, for keyboards)
 * opens the tier's customers; an older run's tiers are no longer what the list filters by.
 */
export function TiersChart({
  data,
  currency,
  linkToList,
}: {
  data: ValueDashboard;
  currency: string;
  linkToList: boolean;
}) {
  const fmt = useFormat();
  const navigate = useNavigate();
  const tiers = data.tiers;
  const option = useMemo(() => tiersOption(tiers, currency, fmt), [tiers, currency, fmt]);
  const onClick = useCallback(
    ({ dataIndex }: { dataIndex: number }) => {
      const row = tiers[dataIndex];
      if (row) void navigate({ to: '/customers', search: { valueTier: row.tier } });
    },
    [tiers, navigate],
  );
  const top = tierShares(tiers)[0];
  return (
    <DashboardCard
      title="Value tiers"
      subtitle={
        top && top.customers > 0
          ? `The top tier holds ${percent(top.clvShare, fmt.locale)} of the predicted value`
          : 'Tiers by CLV rank: top 10%, next 20%, next 30%, the rest'
      }
      height={CHART_CARD_HEIGHT}
      action={
        linkToList && tiers.length > 0 ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="compact-sm"
                variant="subtle"
                rightSection={<IconChevronDown size={14} aria-hidden />}
                aria-label="Open the customers of a tier"
              >
                Customers
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {tiers.map((t) => (
                <Menu.Item
                  key={t.tier}
                  renderRoot={(props) => <Link to="/customers" search={{ valueTier: t.tier }} {...props} />}
                >
                  {TIER_LABELS[t.tier]} · {fmt.number(t.customers)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null
      }
    >
      {tiers.every((t) => t.customers === 0) ? (
        <NoData>No customer is in a tier in this run.</NoData>
      ) : (
        <EChart
          option={option}
          height={CHART_HEIGHT}
          label={tiersLabel(tiers, fmt)}
          onClick={linkToList ? onClick : undefined}
        />
      )}
    </DashboardCard>
  );
}

/** The RFM grid of a run, `bins` × `bins` (the run's `settings.rfmBins`) whichever scores occur. */
export function RfmGridChart({ data, bins }: { data: ValueDashboard; bins: number }) {
  const fmt = useFormat();
  const cells = data.rfmGrid;
  const option = useMemo(() => rfmGridOption(cells, bins, fmt), [cells, bins, fmt]);
  return (
    <DashboardCard
      title="RFM grid"
      subtitle="Recency against frequency & money; each cell names its segment"
      height={RFM_CARD_HEIGHT}
    >
      {cells.length === 0 ? (
        <NoData>No customer has RFM scores in this run.</NoData>
      ) : (
        <EChart
          option={option}
          height={RFM_CHART_HEIGHT}
          label={rfmGridLabel(cells, data.segments, bins, fmt)}
        />
      )}
    </DashboardCard>
  );
}

export function PAliveChart({ data, linkToList }: { data: ValueDashboard; linkToList: boolean }) {
  const fmt = useFormat();
  const bins = data.pAliveHistogram;
  const option = useMemo(() => pAliveHistogramOption(bins, fmt), [bins, fmt]);
  return (
    <DashboardCard
      title="P(alive)"
      subtitle={`The chance each customer is still buying; orange: ${percent(LAPSED_P_ALIVE, fmt.locale)} or less, likely lapsed`}
      height={RFM_CARD_HEIGHT}
      action={
        linkToList ? (
          <Anchor
            renderRoot={(props) => <Link to="/customers" search={{ maxPAlive: LAPSED_P_ALIVE }} {...props} />}
            size="sm"
            style={{ whiteSpace: 'nowrap' }}
          >
            See likely lapsed
          </Anchor>
        ) : null
      }
    >
      {bins.length === 0 ? (
        <NoData>No customer has a P(alive) in this run.</NoData>
      ) : (
        <EChart option={option} height={RFM_CHART_HEIGHT} label={pAliveHistogramLabel(bins, fmt)} />
      )}
    </DashboardCard>
  );
}
