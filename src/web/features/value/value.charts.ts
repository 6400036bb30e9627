import type {
  CustomerValuePanel,
  RfmSegment,
  ValidationReport,
  ValueDashboard,
} from '../../../shared/contracts/value.js';
import type { Formatter } from '../../lib/format.js';
import {
  AXIS_LABEL,
  type AxisParams,
  compactMoney,
  firstIndex,
  GRID,
  SPLIT_LINE,
} from '../dashboard/dashboard.charts.js';
import {
  decimal,
  LAPSED_P_ALIVE,
  MODEL_LABELS,
  percent,
  SEGMENT_HINTS,
  SEGMENT_LABELS,
  TIER_LABELS,
  tierRange,
} from './value.labels.js';

/**
 * The Value screen's and the 360 panel's ECharts options, built by pure functions from the
 * API's series (as the dashboard's are), so axes, tooltips and the screen-reader sentences are
 * tested without drawing. Money stays in minor units of the run's currency and is formatted
 * through the workspace formatter.
 */

type Fmt = Pick<Formatter, 'locale' | 'number' | 'money' | 'date' | 'dateTime'>;
type ClvBin = ValueDashboard['clvHistogram'][number];
type TierRow = ValueDashboard['tiers'][number];
type GridCell = ValueDashboard['rfmGrid'][number];
type SegmentRow = ValueDashboard['segments'][number];
type AliveBin = ValueDashboard['pAliveHistogram'][number];
type CeRow = ValidationReport['conditionalExpectation'][number];
type CumulativeRow = ValidationReport['cumulative'][number];
type HistoryPoint = CustomerValuePanel['history'][number];

/** What ECharts hands an item-trigger tooltip formatter (the fields used here). */
type ItemParams = { dataIndex: number };

/** The dashboard's grid with its margins free to change per chart. */
export type ChartGrid = Omit<typeof GRID, 'left' | 'right' | 'top' | 'bottom'> & {
  left: number;
  right: number;
  top: number;
  bottom: number;
};

const LEGEND = { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } } as const;
/** Room above the plot for the legend. */
const GRID_WITH_LEGEND: ChartGrid = { ...GRID, top: 36 };
const AXIS_NAME = { color: '#495057', fontSize: 11 } as const;

export const SERIES_COLORS = {
  actual: '#212529',
  bgnbd: '#1c7ed6',
  paretoNbd: '#0ca678',
  heuristic: '#f08c00',
  customers: '#1c7ed6',
  clv: '#ae3ec9',
  lapsed: '#e8590c',
} as const;

/** A calendar day string as a UTC instant, so no time zone moves it. */
const day = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);

/** @example shortDay('2026-03-02', 'en-GB') === '2 Mar 26' */
export function shortDay(isoDay: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  }).format(day(isoDay));
}

/** @example longDay('2026-03-02', 'en-GB') === '2 Mar 2026' */
export function longDay(isoDay: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(day(isoDay));
}

const customersWord = (n: number, fmt: Fmt) => `${fmt.number(n)} ${n === 1 ? 'customer' : 'customers'}`;

type Axis = {
  type: 'category';
  data: string[];
  name?: string;
  nameLocation?: 'middle';
  nameGap?: number;
  nameTextStyle?: typeof AXIS_NAME;
  axisLabel: typeof AXIS_LABEL & { hideOverlap?: boolean };
};
type ValueAxis = {
  type: 'value';
  min?: number;
  max?: number;
  minInterval?: number;
  name?: string;
  nameTextStyle?: typeof AXIS_NAME;
  axisLabel: typeof AXIS_LABEL & { formatter: (value: number) => string };
  splitLine: typeof SPLIT_LINE;
};
type BarSeries<D> = {
  type: 'bar';
  name: string;
  data: D[];
  itemStyle?: { color: string };
  barMaxWidth?: number;
  barCategoryGap?: string;
  cursor?: string;
};
type LineSeries = {
  type: 'line';
  name: string;
  data: (number | null)[];
  itemStyle: { color: string };
  lineStyle: { color: string; width: number; type: 'solid' | 'dashed' | 'dotted' };
  symbol: string;
  symbolSize: number;
  connectNulls: boolean;
  markLine?: {
    symbol: 'none';
    silent: boolean;
    lineStyle: { color: string; type: 'dashed'; width: number };
    label: { formatter: string; position: 'insideEndTop'; color: string; fontSize: number };
    data: { xAxis: number }[];
  };
};

// CLV distribution ---------------------------------------------------------------------

export type ClvHistogramOption = {
  grid: ChartGrid;
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: BarSeries<number>[];
};

/** Customers per CLV bucket as bars; each bar is named by its lower edge in compact money. */
export function clvHistogramOption(bins: readonly ClvBin[], currency: string, fmt: Fmt): ClvHistogramOption {
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const b = bins[firstIndex(params)];
        if (!b) return '';
        return `CLV ${fmt.money(b.fromMinor, currency)} – ${fmt.money(b.toMinor, currency)}<br/>${customersWord(b.customers, fmt)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: bins.map((b) => compactMoney(b.fromMinor, currency, fmt.locale)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
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
        data: bins.map((b) => b.customers),
        itemStyle: { color: SERIES_COLORS.customers },
        barCategoryGap: '8%',
      },
    ],
  };
}

export function clvHistogramLabel(bins: readonly ClvBin[], currency: string, fmt: Fmt): string {
  const first = bins[0];
  const last = bins.at(-1);
  if (!first || !last) return 'CLV distribution: no customers.';
  const total = bins.reduce((s, b) => s + b.customers, 0);
  const peak = bins.reduce((a, b) => (b.customers > a.customers ? b : a), first);
  return (
    `CLV distribution in ${currency}: ${customersWord(total, fmt)} from ${fmt.money(first.fromMinor, currency)} ` +
    `to ${fmt.money(last.toMinor, currency)}, most between ${fmt.money(peak.fromMinor, currency)} and ` +
    `${fmt.money(peak.toMinor, currency)} (${fmt.number(peak.customers)}).`
  );
}

// Value tiers ----------------------------------------------------------------------------

export interface TierShare {
  tier: TierRow['tier'];
  customers: number;
  clvMinor: number;
  minClvMinor: number;
  customerShare: number;
  clvShare: number;
}

/** Each tier's share of the customers and of the total CLV (0–1; 0 when there is nothing). */
export function tierShares(tiers: readonly TierRow[]): TierShare[] {
  const customers = tiers.reduce((s, t) => s + t.customers, 0);
  const clv = tiers.reduce((s, t) => s + t.clvMinor, 0);
  return tiers.map((t) => ({
    ...t,
    customerShare: customers > 0 ? t.customers / customers : 0,
    clvShare: clv > 0 ? t.clvMinor / clv : 0,
  }));
}

export type TiersOption = {
  grid: ChartGrid;
  legend: typeof LEGEND & { data: string[] };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: BarSeries<number>[];
};

/**
 * Per tier, side by side: its share of the customers and its share of the CLV — how much of
 * the future value the best tenth holds.
 */
export function tiersOption(tiers: readonly TierRow[], currency: string, fmt: Fmt): TiersOption {
  const shares = tierShares(tiers);
  return {
    grid: GRID_WITH_LEGEND,
    legend: { ...LEGEND, data: ['Share of customers', 'Share of CLV'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const t = shares[firstIndex(params)];
        if (!t) return '';
        return (
          `${TIER_LABELS[t.tier]} tier (${tierRange(t.tier)})<br/>` +
          `${customersWord(t.customers, fmt)} (${percent(t.customerShare, fmt.locale)})<br/>` +
          `${fmt.money(t.clvMinor, currency)} CLV (${percent(t.clvShare, fmt.locale)})<br/>` +
          `CLV from ${fmt.money(t.minClvMinor, currency)}<br/>Click for these customers`
        );
      },
    },
    xAxis: {
      type: 'category',
      data: shares.map((t) => TIER_LABELS[t.tier]),
      axisLabel: { ...AXIS_LABEL },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => percent(v, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    series: [
      {
        type: 'bar',
        name: 'Share of customers',
        data: shares.map((t) => t.customerShare),
        itemStyle: { color: SERIES_COLORS.customers },
        barMaxWidth: 36,
        cursor: 'pointer',
      },
      {
        type: 'bar',
        name: 'Share of CLV',
        data: shares.map((t) => t.clvShare),
        itemStyle: { color: SERIES_COLORS.clv },
        barMaxWidth: 36,
        cursor: 'pointer',
      },
    ],
  };
}

export function tiersLabel(tiers: readonly TierRow[], fmt: Fmt): string {
  const shares = tierShares(tiers);
  if (shares.every((t) => t.customers === 0)) return 'Value tiers: no customers.';
  const parts = shares.map(
    (t) =>
      `${TIER_LABELS[t.tier]} ${customersWord(t.customers, fmt)} (${percent(t.customerShare, fmt.locale)}) hold ${percent(t.clvShare, fmt.locale)} of the CLV`,
  );
  return `Value tiers: ${parts.join('; ')}.`;
}

// RFM grid -------------------------------------------------------------------------------

export type RfmGridOption = {
  grid: ChartGrid;
  tooltip: { trigger: 'item'; formatter: (params: ItemParams) => string };
  xAxis: Axis & { splitArea: { show: boolean } };
  yAxis: Axis & { splitArea: { show: boolean } };
  visualMap: {
    show: false;
    min: number;
    max: number;
    dimension: 2;
    inRange: { color: string[] };
  };
  series: {
    type: 'heatmap';
    name: string;
    data: { value: [number, number, number]; segment: RfmSegment }[];
    label: { show: true; fontSize: number; lineHeight: number; formatter: (params: ItemParams) => string };
    itemStyle: { borderColor: string; borderWidth: number };
  }[];
};

/**
 * Customers by R (columns, 1 = longest ago) × FM (rows, 1 at the bottom), shaded by how many;
 * each cell names its segment and count. `bins` is the run's score scale (`settings.rfmBins`), so
 * the grid keeps its size when no customer has a score at its edge.
 */
export function rfmGridOption(cells: readonly GridCell[], bins: number, fmt: Fmt): RfmGridOption {
  const scale = Array.from({ length: bins }, (_, i) => String(i + 1));
  const max = cells.reduce((m, c) => Math.max(m, c.customers), 0);
  const cellText = (c: GridCell) => `${SEGMENT_LABELS[c.segment]}\n${fmt.number(c.customers)}`;
  return {
    grid: { ...GRID, top: 8, left: 28, bottom: 28 },
    tooltip: {
      trigger: 'item',
      formatter: ({ dataIndex }) => {
        const c = cells[dataIndex];
        if (!c) return '';
        return `${SEGMENT_LABELS[c.segment]}: ${SEGMENT_HINTS[c.segment]}<br/>R ${c.r} · FM ${c.fm}<br/>${customersWord(c.customers, fmt)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: scale,
      name: 'Recency score (higher = more recent)',
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: AXIS_NAME,
      axisLabel: { ...AXIS_LABEL },
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: scale,
      name: 'Frequency & money score',
      nameLocation: 'middle',
      nameGap: 18,
      nameTextStyle: AXIS_NAME,
      axisLabel: { ...AXIS_LABEL },
      splitArea: { show: true },
    },
    visualMap: {
      show: false,
      min: 0,
      max: Math.max(max, 1),
      dimension: 2,
      inRange: { color: ['#f1f3f5', '#74c0fc', '#1864ab'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Customers',
        data: cells.map((c) => ({ value: [c.r - 1, c.fm - 1, c.customers], segment: c.segment })),
        label: {
          show: true,
          fontSize: 10,
          lineHeight: 13,
          formatter: ({ dataIndex }) => {
            const c = cells[dataIndex];
            return c ? cellText(c) : '';
          },
        },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
}

/** The grid in words: its scale and the largest segments. */
export function rfmGridLabel(
  cells: readonly GridCell[],
  segments: readonly SegmentRow[],
  bins: number,
  fmt: Fmt,
): string {
  if (cells.length === 0) return 'RFM grid: no customers.';
  const biggest = [...segments]
    .sort((a, b) => b.customers - a.customers)
    .slice(0, 3)
    .map((s) => `${SEGMENT_LABELS[s.segment]} ${fmt.number(s.customers)}`);
  return (
    `RFM grid of recency against frequency and money, scores 1 to ${bins}` +
    (biggest.length ? `. Largest segments: ${biggest.join(', ')}.` : '.')
  );
}

// P(alive) -------------------------------------------------------------------------------

export type PAliveHistogramOption = {
  grid: ChartGrid;
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: BarSeries<{ value: number; itemStyle: { color: string } }>[];
};

/** Whether a P(alive) bucket lies wholly at or under the likely-lapsed line. */
export const isLapsedBin = (b: AliveBin) => b.to <= LAPSED_P_ALIVE + 1e-9;

/** Customers per P(alive) bucket; the likely-lapsed buckets (≤ 0.3) stand out in orange. */
export function pAliveHistogramOption(bins: readonly AliveBin[], fmt: Fmt): PAliveHistogramOption {
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const b = bins[firstIndex(params)];
        if (!b) return '';
        const lapsed = isLapsedBin(b) ? ' · likely lapsed' : '';
        return `P(alive) ${percent(b.from, fmt.locale)} – ${percent(b.to, fmt.locale)}${lapsed}<br/>${customersWord(b.customers, fmt)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: bins.map((b) => percent(b.from, fmt.locale)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
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
        data: bins.map((b) => ({
          value: b.customers,
          itemStyle: { color: isLapsedBin(b) ? SERIES_COLORS.lapsed : SERIES_COLORS.customers },
        })),
        barCategoryGap: '8%',
      },
    ],
  };
}

export function pAliveHistogramLabel(bins: readonly AliveBin[], fmt: Fmt): string {
  const total = bins.reduce((s, b) => s + b.customers, 0);
  if (total === 0) return 'P(alive): no customers.';
  const lapsed = bins.filter(isLapsedBin).reduce((s, b) => s + b.customers, 0);
  return (
    `P(alive) of ${customersWord(total, fmt)}: ${fmt.number(lapsed)} (${percent(lapsed / total, fmt.locale)}) ` +
    `at or under ${percent(LAPSED_P_ALIVE, fmt.locale)}, likely lapsed.`
  );
}

// Validation: conditional expectation ----------------------------------------------------

const line = (
  name: string,
  color: string,
  data: (number | null)[],
  type: 'solid' | 'dashed' | 'dotted' = 'solid',
): LineSeries => ({
  type: 'line',
  name,
  data,
  itemStyle: { color },
  lineStyle: { color, width: type === 'solid' ? 2.5 : 2, type },
  symbol: 'circle',
  symbolSize: 5,
  connectNulls: false,
});

/** @example frequencyLabel({ frequency: 7, orMore: true }) === '7+' */
export const frequencyLabel = (row: Pick<CeRow, 'frequency' | 'orMore'>) =>
  row.orMore ? `${row.frequency}+` : String(row.frequency);

export type ConditionalExpectationOption = {
  grid: ChartGrid;
  legend: typeof LEGEND & { data: string[] };
  tooltip: { trigger: 'axis'; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: LineSeries[];
};

/**
 * Mean holdout purchases by calibration repeat purchases (0 … 7+): what happened beside what
 * BG/NBD, Pareto/NBD and the simple formula expected for those same customers.
 */
export function conditionalExpectationOption(rows: readonly CeRow[], fmt: Fmt): ConditionalExpectationOption {
  const names = ['Actual', MODEL_LABELS.bgnbd, MODEL_LABELS['pareto-nbd'], MODEL_LABELS.heuristic];
  const d = (v: number | null) => (v === null ? '—' : decimal(v, fmt.locale));
  return {
    grid: { ...GRID_WITH_LEGEND, bottom: 28 },
    legend: { ...LEGEND, data: names },
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const r = rows[firstIndex(params)];
        if (!r) return '';
        return (
          `${frequencyLabel(r)} repeat purchases in calibration · ${customersWord(r.customers, fmt)}<br/>` +
          `Actual: ${d(r.actual)}<br/>${MODEL_LABELS.bgnbd}: ${d(r.bgnbd)}<br/>` +
          `${MODEL_LABELS['pareto-nbd']}: ${d(r.paretoNbd)}<br/>${MODEL_LABELS.heuristic}: ${d(r.heuristic)}`
        );
      },
    },
    xAxis: {
      type: 'category',
      data: rows.map(frequencyLabel),
      name: 'Repeat purchases in calibration',
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: AXIS_NAME,
      axisLabel: { ...AXIS_LABEL },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => decimal(v, fmt.locale, 1) },
      splitLine: SPLIT_LINE,
    },
    series: [
      line(
        'Actual',
        SERIES_COLORS.actual,
        rows.map((r) => r.actual),
      ),
      line(
        MODEL_LABELS.bgnbd,
        SERIES_COLORS.bgnbd,
        rows.map((r) => r.bgnbd),
        'dashed',
      ),
      line(
        MODEL_LABELS['pareto-nbd'],
        SERIES_COLORS.paretoNbd,
        rows.map((r) => r.paretoNbd),
        'dashed',
      ),
      line(
        MODEL_LABELS.heuristic,
        SERIES_COLORS.heuristic,
        rows.map((r) => r.heuristic),
        'dotted',
      ),
    ],
  };
}

export function conditionalExpectationLabel(rows: readonly CeRow[], fmt: Fmt): string {
  if (rows.length === 0) return 'Conditional expectation: no data.';
  const d = (v: number | null) => (v === null ? 'none' : decimal(v, fmt.locale));
  const parts = rows.map(
    (r) =>
      `${frequencyLabel(r)}: actual ${d(r.actual)}, ${MODEL_LABELS.bgnbd} ${d(r.bgnbd)}, ` +
      `${MODEL_LABELS['pareto-nbd']} ${d(r.paretoNbd)}, simple formula ${d(r.heuristic)}`,
  );
  return `Mean holdout purchases by repeat purchases in calibration — ${parts.join('; ')}.`;
}

// Validation: cumulative repeat purchases ------------------------------------------------

export type CumulativeOption = {
  grid: ChartGrid;
  legend: typeof LEGEND & { data: string[] };
  tooltip: { trigger: 'axis'; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: LineSeries[];
};

/** Index of the first period in the holdout, or -1 when none is. */
export function holdoutStart(rows: readonly CumulativeRow[]): number {
  return rows.findIndex((r) => r.holdout);
}

/**
 * The cohort's cumulative repeat purchases period by period, actual against each model, with
 * a line where the holdout starts (left of it the models saw the data; right of it they did not).
 */
export function cumulativeOption(rows: readonly CumulativeRow[], fmt: Fmt): CumulativeOption {
  const start = holdoutStart(rows);
  const actual = line(
    'Actual',
    SERIES_COLORS.actual,
    rows.map((r) => r.actual),
  );
  if (start >= 0) {
    actual.markLine = {
      symbol: 'none',
      silent: true,
      lineStyle: { color: '#868e96', type: 'dashed', width: 1 },
      label: { formatter: 'Holdout starts', position: 'insideEndTop', color: '#495057', fontSize: 11 },
      data: [{ xAxis: start }],
    };
  }
  const n = (v: number | null) => (v === null ? '—' : fmt.number(Math.round(v)));
  return {
    grid: GRID_WITH_LEGEND,
    legend: { ...LEGEND, data: ['Actual', MODEL_LABELS.bgnbd, MODEL_LABELS['pareto-nbd']] },
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const r = rows[firstIndex(params)];
        if (!r) return '';
        return (
          `${longDay(r.date, fmt.locale)}${r.holdout ? ' · holdout' : ' · calibration'}<br/>` +
          `Actual: ${n(r.actual)}<br/>${MODEL_LABELS.bgnbd}: ${n(r.bgnbd)}<br/>` +
          `${MODEL_LABELS['pareto-nbd']}: ${n(r.paretoNbd)}`
        );
      },
    },
    xAxis: {
      type: 'category',
      data: rows.map((r) => shortDay(r.date, fmt.locale)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => fmt.number(v) },
      splitLine: SPLIT_LINE,
    },
    series: [
      actual,
      line(
        MODEL_LABELS.bgnbd,
        SERIES_COLORS.bgnbd,
        rows.map((r) => r.bgnbd),
        'dashed',
      ),
      line(
        MODEL_LABELS['pareto-nbd'],
        SERIES_COLORS.paretoNbd,
        rows.map((r) => r.paretoNbd),
        'dashed',
      ),
    ],
  };
}

export function cumulativeLabel(rows: readonly CumulativeRow[], fmt: Fmt): string {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return 'Cumulative repeat purchases: no data.';
  const start = rows[holdoutStart(rows)];
  const n = (v: number | null) => (v === null ? 'none' : fmt.number(Math.round(v)));
  return (
    `Cumulative repeat purchases from ${longDay(first.date, fmt.locale)} to ${longDay(last.date, fmt.locale)}` +
    (start ? `, holdout from ${longDay(start.date, fmt.locale)}` : '') +
    `: by the end actual ${n(last.actual)}, ${MODEL_LABELS.bgnbd} ${n(last.bgnbd)}, ` +
    `${MODEL_LABELS['pareto-nbd']} ${n(last.paretoNbd)}.`
  );
}

// The 360's P(alive) over time -----------------------------------------------------------

export type PAliveHistoryOption = {
  grid: ChartGrid;
  tooltip: { trigger: 'axis'; formatter: (params: AxisParams) => string };
  xAxis: Axis;
  yAxis: ValueAxis;
  series: LineSeries[];
};

/** The history oldest first, whatever order it came in. */
export function chronological(history: readonly HistoryPoint[]): HistoryPoint[] {
  return [...history].sort((a, b) => a.computedAt.getTime() - b.computedAt.getTime());
}

/** The customer's P(alive) in each kept run, on a 0–100% axis. */
export function pAliveHistoryOption(
  history: readonly HistoryPoint[],
  currency: string,
  fmt: Fmt,
): PAliveHistoryOption {
  const points = chronological(history);
  return {
    grid: { ...GRID, top: 8 },
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const p = points[firstIndex(params)];
        if (!p) return '';
        return `${fmt.dateTime(p.computedAt)}<br/>P(alive) ${percent(p.pAlive, fmt.locale)} · CLV ${fmt.money(p.clvMinor, currency)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => fmt.date(p.computedAt)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (v) => percent(v, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    series: [
      line(
        'P(alive)',
        SERIES_COLORS.bgnbd,
        points.map((p) => p.pAlive),
      ),
    ],
  };
}

export function pAliveHistoryLabel(history: readonly HistoryPoint[], fmt: Fmt): string {
  const points = chronological(history);
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return 'P(alive) over time: no runs yet.';
  return (
    `P(alive) over the last ${fmt.number(points.length)} runs: ${percent(first.pAlive, fmt.locale)} on ` +
    `${fmt.date(first.computedAt)}, ${percent(last.pAlive, fmt.locale)} on ${fmt.date(last.computedAt)}.`
  );
}
