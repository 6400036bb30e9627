import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../lib/format.js';
import { dashboard, panel, validation } from './test-fixtures.js';
import {
  chronological,
  clvHistogramLabel,
  clvHistogramOption,
  conditionalExpectationLabel,
  conditionalExpectationOption,
  cumulativeLabel,
  cumulativeOption,
  holdoutStart,
  pAliveHistogramLabel,
  pAliveHistogramOption,
  pAliveHistoryLabel,
  pAliveHistoryOption,
  rfmGridLabel,
  rfmGridOption,
  SERIES_COLORS,
  tierShares,
  tiersLabel,
  tiersOption,
} from './value.charts.js';

const gb = createFormatter('en-GB', 'Europe/London', 'EUR');
const de = createFormatter('de-DE', 'Europe/Berlin', 'EUR');
const d = dashboard();
const v = validation();

describe('clvHistogramOption', () => {
  it('keeps the counts as data and names each bar by its lower edge in compact money', () => {
    const option = clvHistogramOption(d.clvHistogram, 'EUR', gb);
    expect(option.series[0]?.data).toEqual([1500, 600, 257]);
    expect(option.xAxis.data).toEqual(['€0', '€50', '€100']);
    expect(clvHistogramOption(d.clvHistogram, 'EUR', de).xAxis.data[1]).toBe('50\u00a0€');
  });

  it('tooltips the exact range and the count', () => {
    const tooltip = clvHistogramOption(d.clvHistogram, 'EUR', gb).tooltip.formatter([{ dataIndex: 1 }]);
    expect(tooltip).toBe('CLV €50.00 – €100.00<br/>600 customers');
  });

  it('describes the distribution for screen readers', () => {
    expect(clvHistogramLabel(d.clvHistogram, 'EUR', gb)).toBe(
      'CLV distribution in EUR: 2,357 customers from €0.00 to €150.00, most between €0.00 and €50.00 (1,500).',
    );
    expect(clvHistogramLabel([], 'EUR', gb)).toBe('CLV distribution: no customers.');
  });
});

describe('tiersOption', () => {
  it('sets each tier’s share of customers beside its share of the CLV', () => {
    const option = tiersOption(d.tiers, 'EUR', gb);
    expect(option.xAxis.data).toEqual(['Top', 'High', 'Medium', 'Low']);
    expect(option.series.map((s) => s.name)).toEqual(['Share of customers', 'Share of CLV']);
    const [customers, clv] = option.series;
    expect(customers?.data.map((x) => Math.round(x * 1000) / 1000)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(clv?.data).toEqual([0.54, 0.27, 0.15, 0.04]);
    expect(option.yAxis.axisLabel.formatter(0.5)).toBe('50%');
  });

  it('tooltips counts, money and shares, and offers the tier’s customers', () => {
    const tooltip = tiersOption(d.tiers, 'EUR', gb).tooltip.formatter([{ dataIndex: 0 }]);
    expect(tooltip).toBe(
      'Top tier (top 10%)<br/>236 customers (10%)<br/>€54,000.00 CLV (54%)<br/>CLV from €120.00<br/>Click for these customers',
    );
  });

  it('is 0% everywhere rather than NaN when there is nothing', () => {
    const empty = d.tiers.map((t) => ({ ...t, customers: 0, clvMinor: 0 }));
    expect(tierShares(empty).map((t) => [t.customerShare, t.clvShare])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(tiersLabel(empty, gb)).toBe('Value tiers: no customers.');
  });

  it('says in words how concentrated the value is', () => {
    expect(tiersLabel(d.tiers, gb)).toBe(
      'Value tiers: Top 236 customers (10%) hold 54% of the CLV; High 471 customers (20%) hold 27% of the CLV; ' +
        'Medium 707 customers (30%) hold 15% of the CLV; Low 943 customers (40%) hold 4% of the CLV.',
    );
  });
});

describe('rfmGridOption', () => {
  it('places each cell at R − 1, FM − 1 on the run’s score scale', () => {
    const option = rfmGridOption(d.rfmGrid, 5, gb);
    expect(option.xAxis.data).toEqual(['1', '2', '3', '4', '5']);
    expect(option.yAxis.data).toEqual(['1', '2', '3', '4', '5']);
    expect(option.series[0]?.data.map((c) => c.value)).toEqual([
      [4, 4, 120],
      [0, 4, 40],
      [0, 0, 300],
    ]);
    expect(option.visualMap).toMatchObject({ min: 0, max: 300, dimension: 2 });
  });

  it('is as wide as the run’s RFM bins, not as the highest score seen', () => {
    const low = [
      { r: 1, fm: 1, customers: 30, segment: 'lost' as const },
      { r: 3, fm: 2, customers: 12, segment: 'need_attention' as const },
    ];
    const option = rfmGridOption(low, 7, gb);
    expect(option.xAxis.data).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(option.yAxis.data).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(rfmGridLabel(low, [], 7, gb)).toBe(
      'RFM grid of recency against frequency and money, scores 1 to 7.',
    );
    expect(rfmGridOption(low, 3, gb).xAxis.data).toEqual(['1', '2', '3']);
  });

  it('labels each cell with its segment’s name (not its id) and count', () => {
    const option = rfmGridOption(d.rfmGrid, 5, gb);
    expect(option.series[0]?.label.formatter({ dataIndex: 1 })).toBe('Cannot lose them\n40');
    expect(option.tooltip.formatter({ dataIndex: 0 })).toBe(
      'Champions: bought recently, often and for a lot<br/>R 5 · FM 5<br/>120 customers',
    );
  });

  it('names the largest segments for screen readers', () => {
    expect(rfmGridLabel(d.rfmGrid, d.segments, 5, gb)).toBe(
      'RFM grid of recency against frequency and money, scores 1 to 5. Largest segments: Lost 300, Champions 120, Cannot lose them 40.',
    );
    expect(rfmGridLabel([], [], 5, gb)).toBe('RFM grid: no customers.');
  });
});

describe('pAliveHistogramOption', () => {
  it('marks the likely-lapsed buckets (P(alive) ≤ 0.3) in their own colour', () => {
    const option = pAliveHistogramOption(d.pAliveHistogram, gb);
    expect(option.xAxis.data).toEqual(['0%', '20%', '30%', '90%']);
    expect(option.series[0]?.data.map((b) => b.itemStyle.color)).toEqual([
      SERIES_COLORS.lapsed,
      SERIES_COLORS.lapsed,
      SERIES_COLORS.customers,
      SERIES_COLORS.customers,
    ]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      'P(alive) 20% – 30% · likely lapsed<br/>100 customers',
    );
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).toBe('P(alive) 30% – 40%<br/>50 customers');
  });

  it('says how many are likely lapsed', () => {
    expect(pAliveHistogramLabel(d.pAliveHistogram, gb)).toBe(
      'P(alive) of 1,000 customers: 300 (30%) at or under 30%, likely lapsed.',
    );
  });
});

describe('conditionalExpectationOption', () => {
  it('plots actual against the three predictions by calibration frequency, the last as "or more"', () => {
    const option = conditionalExpectationOption(v.conditionalExpectation, gb);
    expect(option.xAxis.data).toEqual(['0', '1', '2+']);
    expect(option.series.map((s) => s.name)).toEqual(['Actual', 'BG/NBD', 'Pareto/NBD', 'Simple formula']);
    expect(option.series[0]?.data).toEqual([0, 0.8, 1.6]);
    // A model without a prediction for a row leaves a gap, not a zero.
    expect(option.series[2]?.data).toEqual([0, 0.7, null]);
    expect(option.series[2]?.connectNulls).toBe(false);
    expect(option.series[1]?.lineStyle.type).toBe('dashed');
  });

  it('tooltips every model for the row', () => {
    const tooltip = conditionalExpectationOption(v.conditionalExpectation, gb).tooltip.formatter([
      { dataIndex: 2 },
    ]);
    expect(tooltip).toBe(
      '2+ repeat purchases in calibration · 40 customers<br/>Actual: 1.6<br/>BG/NBD: 1.5<br/>Pareto/NBD: —<br/>Simple formula: 2.2',
    );
  });

  it('reads out every row', () => {
    expect(conditionalExpectationLabel(v.conditionalExpectation.slice(1, 2), gb)).toBe(
      'Mean holdout purchases by repeat purchases in calibration — 1: actual 0.8, BG/NBD 0.75, Pareto/NBD 0.7, simple formula 1.1.',
    );
  });
});

describe('cumulativeOption', () => {
  it('draws actual and both models, with a line where the holdout starts', () => {
    const option = cumulativeOption(v.cumulative, gb);
    expect(holdoutStart(v.cumulative)).toBe(2);
    expect(option.xAxis.data).toEqual(['16 Sept 25', '30 Sept 25', '14 Oct 25']);
    expect(option.series.map((s) => s.name)).toEqual(['Actual', 'BG/NBD', 'Pareto/NBD']);
    expect(option.series[0]?.markLine?.data).toEqual([{ xAxis: 2 }]);
    expect(option.series[0]?.markLine?.label.formatter).toBe('Holdout starts');
    expect(option.series[1]?.markLine).toBeUndefined();
  });

  it('has no holdout line when no period is held out', () => {
    const calibrationOnly = v.cumulative.map((r) => ({ ...r, holdout: false }));
    expect(cumulativeOption(calibrationOnly, gb).series[0]?.markLine).toBeUndefined();
  });

  it('tooltips the date, which side of the holdout it is, and whole purchases', () => {
    const option = cumulativeOption(v.cumulative, gb);
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).toBe(
      '14 Oct 2025 · holdout<br/>Actual: 41<br/>BG/NBD: 40<br/>Pareto/NBD: 43',
    );
    expect(cumulativeLabel(v.cumulative, gb)).toBe(
      'Cumulative repeat purchases from 16 Sept 2025 to 14 Oct 2025, holdout from 14 Oct 2025: by the end actual 41, BG/NBD 40, Pareto/NBD 43.',
    );
  });
});

describe('pAliveHistoryOption', () => {
  it('plots the history oldest first on a 0–100% axis, whatever order it came in', () => {
    const history = panel().history;
    expect(chronological(history).map((p) => p.pAlive)).toEqual([0.91, 0.853]);
    const option = pAliveHistoryOption(history, 'EUR', gb);
    expect(option.xAxis.data).toEqual(['1 Mar 2026', '1 Apr 2026']);
    expect(option.series[0]?.data).toEqual([0.91, 0.853]);
    expect([option.yAxis.min, option.yAxis.max]).toEqual([0, 1]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      '1 Apr 2026, 02:02<br/>P(alive) 85% · CLV €482.30',
    );
    expect(pAliveHistoryLabel(history, gb)).toBe(
      'P(alive) over the last 2 runs: 91% on 1 Mar 2026, 85% on 1 Apr 2026.',
    );
  });
});
