import {
  LIFECYCLE_STAGES,
  type LifecycleStage,
  ORIENTATIONS,
  type Orientation,
  type RelationshipPortfolio,
  type RelationshipType,
} from '../../../shared/contracts/relationships.js';
import type { Formatter } from '../../lib/format.js';
import {
  AXIS_LABEL,
  type AxisParams,
  compactMoney,
  firstIndex,
  GRID,
  SPLIT_LINE,
} from '../dashboard/dashboard.charts.js';
import { type ChartGrid, longDay } from '../value/value.charts.js';
import { percent } from '../value/value.labels.js';
import { ORIENTATION_COLORS, ORIENTATION_LABELS, STAGE_LABELS, TYPE_LABELS } from './relationships.labels.js';

/**
 * The relationship portfolio's ECharts options, built by pure functions from the API's series
 * (as the value and dashboard charts are), so axes, colours, the Sankey's nodes and the
 * screen-reader sentences are tested without drawing. Money is in minor units of the workspace
 * currency.
 */

type Fmt = Pick<Formatter, 'locale' | 'number' | 'money' | 'currency'>;
type TypeRow = RelationshipPortfolio['typeMix'][number];
type StageRow = RelationshipPortfolio['stages'][number];
type Flows = RelationshipPortfolio['flows'];
type Quadrant = RelationshipPortfolio['quadrant'];

const LEGEND = { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } } as const;

/** Lifecycle stages' colours in the charts (the badges use the Mantine names of the same hues). */
export const STAGE_CHART_COLORS: Record<LifecycleStage, string> = {
  courtship: '#1c7ed6',
  growth: '#0ca678',
  maturity: '#37b24d',
  decline: '#f08c00',
  lapsed: '#e03131',
  won_back: '#7048e8',
};

const customersWord = (n: number, fmt: Fmt) => `${fmt.number(n)} ${n === 1 ? 'customer' : 'customers'}`;

// Type mix ---------------------------------------------------------------------------------

export type TypeMixOption = {
  grid: ChartGrid;
  legend: typeof LEGEND & { data: string[] };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: {
    type: 'value';
    minInterval: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (v: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  yAxis: { type: 'category'; inverse: true; data: string[]; axisLabel: typeof AXIS_LABEL };
  series: {
    type: 'bar';
    name: string;
    stack: 'mix';
    data: (number | null)[];
    itemStyle: { color: string };
    barMaxWidth: number;
  }[];
};

/** The type mix, most customers first. */
export function sortedMix(mix: readonly TypeRow[]): TypeRow[] {
  return [...mix].sort((a, b) => b.customers - a.customers || a.type.localeCompare(b.type));
}

/**
 * Customers per relationship type as horizontal bars, most first, coloured by orientation: one
 * series per orientation (a type's bar is in its own), so the legend explains the colours.
 */
export function typeMixOption(mix: readonly TypeRow[], fmt: Fmt): TypeMixOption {
  const rows = sortedMix(mix);
  const total = rows.reduce((s, r) => s + r.customers, 0);
  return {
    grid: { ...GRID, top: 28 },
    legend: { ...LEGEND, data: ORIENTATIONS.map((o) => ORIENTATION_LABELS[o]) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const r = rows[firstIndex(params)];
        if (!r) return '';
        const share = total > 0 ? ` (${percent(r.customers / total, fmt.locale)})` : '';
        return (
          `${TYPE_LABELS[r.type]} · ${ORIENTATION_LABELS[r.orientation].toLowerCase()}<br/>` +
          `${customersWord(r.customers, fmt)}${share}<br/>Mean strength ${percent(r.strength, fmt.locale)}`
        );
      },
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => fmt.number(v) },
      splitLine: SPLIT_LINE,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => TYPE_LABELS[r.type]),
      axisLabel: AXIS_LABEL,
    },
    series: ORIENTATIONS.map((o) => ({
      type: 'bar' as const,
      name: ORIENTATION_LABELS[o],
      stack: 'mix' as const,
      data: rows.map((r) => (r.orientation === o ? r.customers : null)),
      itemStyle: { color: ORIENTATION_COLORS[o].chart },
      barMaxWidth: 18,
    })),
  };
}

export function typeMixLabel(mix: readonly TypeRow[], fmt: Fmt): string {
  const rows = sortedMix(mix).filter((r) => r.customers > 0);
  if (rows.length === 0) return 'Relationship types: no customers classified.';
  const by = (o: Orientation) => rows.filter((r) => r.orientation === o).reduce((s, r) => s + r.customers, 0);
  const top = rows.slice(0, 3).map((r) => `${TYPE_LABELS[r.type]} ${fmt.number(r.customers)}`);
  return (
    `Relationship types of ${customersWord(by('communal') + by('exchange'), fmt)}: ` +
    `${fmt.number(by('communal'))} communal, ${fmt.number(by('exchange'))} exchange. ` +
    `Most common: ${top.join(', ')}.`
  );
}

// Stages -----------------------------------------------------------------------------------

export type StagesOption = {
  grid: typeof GRID;
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: { type: 'category'; data: string[]; axisLabel: typeof AXIS_LABEL };
  yAxis: {
    type: 'value';
    minInterval: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (v: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  series: {
    type: 'bar';
    name: string;
    data: { value: number; itemStyle: { color: string } }[];
    barMaxWidth: number;
  }[];
};

/** Every stage in lifecycle order, with 0 for those nobody is in. */
export function stageCounts(stages: readonly StageRow[]): StageRow[] {
  return LIFECYCLE_STAGES.map((stage) => ({
    stage,
    customers: stages.find((s) => s.stage === stage)?.customers ?? 0,
  }));
}

/** Customers per lifecycle stage, in lifecycle order, each bar in its stage's colour. */
export function stagesOption(stages: readonly StageRow[], fmt: Fmt): StagesOption {
  const rows = stageCounts(stages);
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const r = rows[firstIndex(params)];
        return r ? `${STAGE_LABELS[r.stage]}<br/>${customersWord(r.customers, fmt)}` : '';
      },
    },
    xAxis: { type: 'category', data: rows.map((r) => STAGE_LABELS[r.stage]), axisLabel: AXIS_LABEL },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => fmt.number(v) },
      splitLine: SPLIT_LINE,
    },
    series: [
      {
        type: 'bar',
        name: 'Customers',
        data: rows.map((r) => ({ value: r.customers, itemStyle: { color: STAGE_CHART_COLORS[r.stage] } })),
        barMaxWidth: 36,
      },
    ],
  };
}

export function stagesLabel(stages: readonly StageRow[], fmt: Fmt): string {
  const rows = stageCounts(stages);
  if (rows.every((r) => r.customers === 0)) return 'Lifecycle stages: no customers.';
  return `Customers by lifecycle stage: ${rows.map((r) => `${STAGE_LABELS[r.stage]} ${fmt.number(r.customers)}`).join(', ')}.`;
}

// Stage flows (Sankey) ---------------------------------------------------------------------

export type FlowSide = 'from' | 'to';

export interface SankeyNode {
  name: string;
  stage: LifecycleStage;
  side: FlowSide;
  itemStyle: { color: string };
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

/** What ECharts hands a Sankey tooltip formatter (the fields used here). */
export type SankeyParams = { dataType?: 'node' | 'edge'; data: SankeyNode | SankeyLink };

export type StageFlowsOption = {
  tooltip: { trigger: 'item'; formatter: (params: SankeyParams) => string };
  series: {
    type: 'sankey';
    data: SankeyNode[];
    links: SankeyLink[];
    left: number;
    right: number;
    top: number;
    bottom: number;
    nodeWidth: number;
    nodeGap: number;
    layoutIterations: number;
    emphasis: { focus: 'adjacency' };
    lineStyle: { color: 'gradient'; curveness: number; opacity: number };
    label: { fontSize: number; color: string };
  }[];
};

/**
 * A node's name: the stage on one side. ECharts' Sankey takes no cycles, so a customer who
 * stayed in maturity is a link from "Maturity (from)" to "Maturity (to)", not a self-loop.
 * @example flowNodeName('maturity', 'from') === 'Maturity (from)'
 */
export function flowNodeName(stage: LifecycleStage, side: FlowSide): string {
  return `${STAGE_LABELS[stage]} (${side})`;
}

/** The flows with customers, largest first. */
export function flowLinks(flows: Flows): Flows['links'] {
  return flows.links.filter((l) => l.customers > 0).sort((a, b) => b.customers - a.customers);
}

/**
 * Where customers were on `flows.from` (left) and where they are on `flows.to` (right): one node
 * per stage and side, in lifecycle order, and one link per pair of stages with customers.
 */
export function stageFlowsOption(flows: Flows, fmt: Fmt): StageFlowsOption {
  const links = flowLinks(flows);
  const nodes: SankeyNode[] = [];
  for (const side of ['from', 'to'] as const) {
    const present = new Set(links.map((l) => (side === 'from' ? l.from : l.to)));
    for (const stage of LIFECYCLE_STAGES) {
      if (present.has(stage)) {
        nodes.push({
          name: flowNodeName(stage, side),
          stage,
          side,
          itemStyle: { color: STAGE_CHART_COLORS[stage] },
        });
      }
    }
  }
  const from = longDay(flows.from, fmt.locale);
  const to = longDay(flows.to, fmt.locale);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const d = params.data;
        if ('source' in d) {
          const link = links.find(
            (l) => flowNodeName(l.from, 'from') === d.source && flowNodeName(l.to, 'to') === d.target,
          );
          if (!link) return '';
          const moved =
            link.from === link.to
              ? `stayed in ${STAGE_LABELS[link.from].toLowerCase()}`
              : `${STAGE_LABELS[link.from]} → ${STAGE_LABELS[link.to]}`;
          return `${moved}<br/>${customersWord(link.customers, fmt)}`;
        }
        const n = links
          .filter((l) => (d.side === 'from' ? l.from : l.to) === d.stage)
          .reduce((s, l) => s + l.customers, 0);
        return `${STAGE_LABELS[d.stage]} on ${d.side === 'from' ? from : to}<br/>${customersWord(n, fmt)}`;
      },
    },
    series: [
      {
        type: 'sankey',
        data: nodes,
        links: links.map((l) => ({
          source: flowNodeName(l.from, 'from'),
          target: flowNodeName(l.to, 'to'),
          value: l.customers,
        })),
        left: 8,
        right: 120,
        top: 8,
        bottom: 8,
        nodeWidth: 14,
        nodeGap: 10,
        // Keep the stages in lifecycle order, top to bottom.
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
        label: { fontSize: 11, color: '#495057' },
      },
    ],
  };
}

export function stageFlowsLabel(flows: Flows, fmt: Fmt): string {
  const links = flowLinks(flows);
  const from = longDay(flows.from, fmt.locale);
  const to = longDay(flows.to, fmt.locale);
  if (links.length === 0) return `Stage flows from ${from} to ${to}: no customers.`;
  const total = links.reduce((s, l) => s + l.customers, 0);
  const stayed = links.filter((l) => l.from === l.to).reduce((s, l) => s + l.customers, 0);
  const moves = links
    .filter((l) => l.from !== l.to)
    .slice(0, 3)
    .map((l) => `${STAGE_LABELS[l.from]} to ${STAGE_LABELS[l.to]} ${fmt.number(l.customers)}`);
  return (
    `Stage flows from ${from} to ${to}: ${customersWord(total, fmt)}, ${fmt.number(stayed)} in the same stage` +
    (moves.length ? `; largest moves: ${moves.join(', ')}.` : '.')
  );
}

// Strength against value -------------------------------------------------------------------

export type QuadrantOption = {
  grid: ChartGrid;
  legend: typeof LEGEND & { data: string[] };
  tooltip: { trigger: 'item'; formatter: (params: { seriesIndex: number; dataIndex: number }) => string };
  xAxis: {
    type: 'value';
    min: 0;
    max: 1;
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (v: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  yAxis: {
    type: 'value';
    min: 0;
    axisLabel: typeof AXIS_LABEL & { formatter: (v: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  series: {
    type: 'scatter';
    name: string;
    data: [number, number][];
    symbolSize: number;
    itemStyle: { color: string; opacity: number };
    markLine?: {
      symbol: 'none';
      silent: true;
      lineStyle: { color: string; type: 'dashed'; width: number };
      label: { fontSize: number; color: string; formatter: string; position: 'insideEndTop' };
      data: ({ xAxis: number; name: string } | { yAxis: number; name: string })[];
    };
  }[];
};

/** The quadrant's points split by orientation (the type mix says each type's). */
function pointsBy(quadrant: Quadrant, orientationOf: (t: RelationshipType) => Orientation) {
  return ORIENTATIONS.map((o) => quadrant.points.filter((p) => orientationOf(p.type) === o));
}

/**
 * Customers by relationship strength (x, 0–1) against CLV (y), a dashed line at the strength
 * that counts as strong and one at the median CLV: the four cells are strong or not, valuable or not.
 */
export function quadrantOption(
  quadrant: Quadrant,
  orientationOf: (t: RelationshipType) => Orientation,
  fmt: Fmt,
): QuadrantOption {
  const groups = pointsBy(quadrant, orientationOf);
  const lines: NonNullable<QuadrantOption['series'][number]['markLine']>['data'] = [
    { xAxis: quadrant.strongAt, name: 'Strong' },
  ];
  if (quadrant.medianClvMinor !== null) lines.push({ yAxis: quadrant.medianClvMinor, name: 'Median CLV' });
  return {
    grid: { ...GRID, top: 36, bottom: 28, left: 8 },
    legend: { ...LEGEND, data: ORIENTATIONS.map((o) => ORIENTATION_LABELS[o]) },
    tooltip: {
      trigger: 'item',
      formatter: ({ seriesIndex, dataIndex }) => {
        const p = groups[seriesIndex]?.[dataIndex];
        if (!p) return '';
        return `${TYPE_LABELS[p.type]}<br/>Strength ${percent(p.strength, fmt.locale)} · CLV ${fmt.money(p.clvMinor)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'Relationship strength',
      nameLocation: 'middle',
      nameGap: 22,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => percent(v, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => compactMoney(v, fmt.currency, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    series: ORIENTATIONS.map((o, i) => ({
      type: 'scatter' as const,
      name: ORIENTATION_LABELS[o],
      data: (groups[i] ?? []).map((p): [number, number] => [p.strength, p.clvMinor]),
      symbolSize: 6,
      itemStyle: { color: ORIENTATION_COLORS[o].chart, opacity: 0.7 },
      ...(i === 0
        ? {
            markLine: {
              symbol: 'none' as const,
              silent: true as const,
              lineStyle: { color: '#868e96', type: 'dashed' as const, width: 1 },
              label: { fontSize: 10, color: '#495057', formatter: '{b}', position: 'insideEndTop' as const },
              data: lines,
            },
          }
        : {}),
    })),
  };
}

/** The four cells laid out as the chart has them: valuable above, strong on the right. */
export const QUADRANT_CELLS = [
  { strong: false, valuable: true, label: 'Weaker, valuable', hint: 'worth strengthening' },
  { strong: true, valuable: true, label: 'Strong and valuable', hint: 'keep close' },
  { strong: false, valuable: false, label: 'Weaker, lower value', hint: 'serve efficiently' },
  { strong: true, valuable: false, label: 'Strong, lower value', hint: 'not to be let go on value alone' },
] as const;

/** Customers in each cell (0 where the server has none). */
export function quadrantCells(quadrant: Quadrant) {
  return QUADRANT_CELLS.map((c) => ({
    ...c,
    customers: quadrant.cells.find((q) => q.strong === c.strong && q.valuable === c.valuable)?.customers ?? 0,
  }));
}

export function quadrantLabel(quadrant: Quadrant, fmt: Fmt): string {
  const cells = quadrantCells(quadrant);
  if (cells.every((c) => c.customers === 0)) return 'Strength against value: no customers with a CLV.';
  const median =
    quadrant.medianClvMinor === null ? 'no median' : `median CLV ${fmt.money(quadrant.medianClvMinor)}`;
  return (
    `Strength against value, strong from ${percent(quadrant.strongAt, fmt.locale)}, ${median}: ` +
    `${cells.map((c) => `${c.label.toLowerCase()} ${fmt.number(c.customers)}`).join(', ')}.`
  );
}
