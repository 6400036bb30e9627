import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type {
  Orientation,
  RelationshipPortfolio,
  RelationshipType,
} from '../../../shared/contracts/relationships.js';
import { DateRangeForm } from '../../components/DateRangeForm.js';
import { EChart } from '../../components/EChart.js';
import { useFormat } from '../../lib/use-format.js';
import { CHART_CARD_HEIGHT, CHART_HEIGHT, DashboardCard } from '../dashboard/DashboardCharts.js';
import { longDay } from '../value/value.charts.js';
import { percent } from '../value/value.labels.js';
import {
  flowLinks,
  quadrantCells,
  quadrantLabel,
  quadrantOption,
  stageFlowsLabel,
  stageFlowsOption,
  stagesLabel,
  stagesOption,
  typeMixLabel,
  typeMixOption,
} from './relationships.charts.js';

/** Fifteen types need room for their bars and names. */
export const TYPE_MIX_CHART_HEIGHT = 360;
const TYPE_MIX_CARD_HEIGHT = TYPE_MIX_CHART_HEIGHT + CHART_CARD_HEIGHT - CHART_HEIGHT;
/** The Sankey and the quadrant share a row of this height; the date inputs and the cell counts sit above and below. */
const FLOW_CARD_HEIGHT = 520;
const SANKEY_HEIGHT = 340;
const QUADRANT_HEIGHT = 290;

function NoData({ children }: { children: string }) {
  return (
    <Text size="sm" c="gray.7" ta="center" pt="xl">
      {children}
    </Text>
  );
}

export function TypeMixChart({ portfolio }: { portfolio: RelationshipPortfolio }) {
  const fmt = useFormat();
  const mix = portfolio.typeMix;
  const option = useMemo(() => typeMixOption(mix, fmt), [mix, fmt]);
  return (
    <DashboardCard
      title="Relationship types"
      subtitle="Customers per type in force (overrides included), coloured by orientation"
      height={TYPE_MIX_CARD_HEIGHT}
    >
      {mix.every((t) => t.customers === 0) ? (
        <NoData>No customer is classified yet.</NoData>
      ) : (
        <EChart option={option} height={TYPE_MIX_CHART_HEIGHT} label={typeMixLabel(mix, fmt)} />
      )}
    </DashboardCard>
  );
}

export function StagesChart({ portfolio }: { portfolio: RelationshipPortfolio }) {
  const fmt = useFormat();
  const stages = portfolio.stages;
  const option = useMemo(() => stagesOption(stages, fmt), [stages, fmt]);
  return (
    <DashboardCard
      title="Lifecycle stages"
      subtitle={`Where customers are now; ${fmt.number(portfolio.churn.repeatLapsed)} have lapsed more than once`}
      height={TYPE_MIX_CARD_HEIGHT}
    >
      {stages.every((s) => s.customers === 0) ? (
        <NoData>No customer has a stage yet.</NoData>
      ) : (
        <EChart option={option} height={TYPE_MIX_CHART_HEIGHT} label={stagesLabel(stages, fmt)} />
      )}
    </DashboardCard>
  );
}

/**
 * Where customers were on one day and where they are on another, as a Sankey; the two days are
 * the page's `from` and `to` (in the URL), changed with the inputs above the chart.
 */
export function StageFlowsChart({
  flows,
  onRange,
}: {
  flows: RelationshipPortfolio['flows'];
  onRange: (range: { from: string; to: string }) => void;
}) {
  const fmt = useFormat();
  const option = useMemo(() => stageFlowsOption(flows, fmt), [flows, fmt]);
  return (
    <DashboardCard
      title="Stage flows"
      subtitle={`From the stage on ${longDay(flows.from, fmt.locale)} (left) to the stage on ${longDay(flows.to, fmt.locale)} (right)`}
      height={FLOW_CARD_HEIGHT}
    >
      <Stack gap="xs" h="100%">
        <DateRangeForm label="Stage flow dates" value={flows} onSubmit={onRange} />
        {flowLinks(flows).length === 0 ? (
          <NoData>No customer had a stage on both days. Pick a later first day.</NoData>
        ) : (
          <EChart option={option} height={SANKEY_HEIGHT} label={stageFlowsLabel(flows, fmt)} />
        )}
      </Stack>
    </DashboardCard>
  );
}

/**
 * Relationship strength against value: a dashed line where strength counts as strong and one at
 * the median CLV, and how many customers fall in each of the four cells.
 */
export function QuadrantChart({ portfolio }: { portfolio: RelationshipPortfolio }) {
  const fmt = useFormat();
  const { quadrant, typeMix } = portfolio;
  const orientationOf = useMemo(() => {
    const byType = new Map<RelationshipType, Orientation>(typeMix.map((t) => [t.type, t.orientation]));
    return (t: RelationshipType): Orientation => byType.get(t) ?? 'communal';
  }, [typeMix]);
  const option = useMemo(() => quadrantOption(quadrant, orientationOf, fmt), [quadrant, orientationOf, fmt]);
  const cells = quadrantCells(quadrant);
  return (
    <DashboardCard
      title="Strength against value"
      subtitle={`CLV (up) against strength (across); strong from ${percent(quadrant.strongAt, fmt.locale)}, value split at the median${quadrant.medianClvMinor === null ? '' : ` (${fmt.money(quadrant.medianClvMinor)})`}`}
      height={FLOW_CARD_HEIGHT}
    >
      <Stack gap="xs">
        {quadrant.points.length === 0 ? (
          <NoData>No customer has both a relationship and a CLV yet.</NoData>
        ) : (
          <EChart option={option} height={QUADRANT_HEIGHT} label={quadrantLabel(quadrant, fmt)} />
        )}
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={4} aria-label="Customers in each cell">
          {cells.map((c) => (
            <Stack key={c.label} gap={0} role="group" aria-label={`${c.label}: ${fmt.number(c.customers)}`}>
              <Text size="xs" fw={600} c="gray.7" truncate>
                {c.label}:{' '}
                <Text
                  span
                  size="sm"
                  fw={700}
                  c="var(--mantine-color-text)"
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {fmt.number(c.customers)}
                </Text>
              </Text>
              <Text size="xs" c="gray.7" truncate title={c.hint}>
                {c.hint}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </DashboardCard>
  );
}
