import { describe, expect, it } from 'vitest';
import type { Orientation, RelationshipType } from '../../../shared/contracts/relationships.js';
import { createFormatter } from '../../lib/format.js';
import {
  flowNodeName,
  quadrantCells,
  quadrantLabel,
  quadrantOption,
  STAGE_CHART_COLORS,
  stageCounts,
  stageFlowsLabel,
  stageFlowsOption,
  stagesLabel,
  stagesOption,
  typeMixLabel,
  typeMixOption,
} from './relationships.charts.js';
import { ORIENTATION_COLORS } from './relationships.labels.js';
import { portfolio } from './test-fixtures.js';

const gb = createFormatter('en-GB', 'Europe/London', 'EUR');
const p = portfolio();

describe('stageFlowsOption', () => {
  it('names each node by its stage and side, so staying in a stage is a link, not a self-loop', () => {
    const option = stageFlowsOption(p.flows, gb);
    const series = option.series[0]!;
    expect(series.type).toBe('sankey');
    expect(series.data.map((n) => n.name)).toEqual([
      'Maturity (from)',
      'Decline (from)',
      'Maturity (to)',
      'Decline (to)',
      'Lapsed (to)',
    ]);
    expect(series.links).toEqual([
      { source: 'Maturity (from)', target: 'Maturity (to)', value: 120 },
      { source: 'Maturity (from)', target: 'Decline (to)', value: 30 },
      { source: 'Decline (from)', target: 'Lapsed (to)', value: 20 },
    ]);
    // No link joins a node to itself: ECharts' Sankey takes no cycles.
    expect(series.links.every((l) => l.source !== l.target)).toBe(true);
    expect(series.data[0]?.itemStyle.color).toBe(STAGE_CHART_COLORS.maturity);
    expect(series.layoutIterations).toBe(0);
  });

  it('leaves out stages and links without customers', () => {
    const names = stageFlowsOption(p.flows, gb).series[0]!.data.map((n) => n.name);
    expect(names).not.toContain('Courtship (from)');
    expect(names).not.toContain('Growth (to)');
  });

  it('tooltips a link and a node in words', () => {
    const option = stageFlowsOption(p.flows, gb);
    const [stay, move] = option.series[0]!.links;
    expect(option.tooltip.formatter({ dataType: 'edge', data: stay! })).toBe(
      'stayed in maturity<br/>120 customers',
    );
    expect(option.tooltip.formatter({ dataType: 'edge', data: move! })).toBe(
      'Maturity → Decline<br/>30 customers',
    );
    const node = option.series[0]!.data[0]!;
    expect(option.tooltip.formatter({ dataType: 'node', data: node })).toBe(
      'Maturity on 1 Jan 2026<br/>150 customers',
    );
  });

  it('reads out the window, who stayed and the largest moves', () => {
    expect(flowNodeName('won_back', 'to')).toBe('Won back (to)');
    expect(stageFlowsLabel(p.flows, gb)).toBe(
      'Stage flows from 1 Jan 2026 to 31 Mar 2026: 170 customers, 120 in the same stage; largest moves: Maturity to Decline 30, Decline to Lapsed 20.',
    );
    expect(stageFlowsLabel({ ...p.flows, links: [] }, gb)).toBe(
      'Stage flows from 1 Jan 2026 to 31 Mar 2026: no customers.',
    );
  });
});

describe('typeMixOption', () => {
  it('bars the types most first, one series per orientation in its colour', () => {
    const option = typeMixOption(p.typeMix, gb);
    expect(option.yAxis.data).toEqual([
      'Casual friends',
      'Marriage of convenience',
      'Committed partnership',
      'Enmity',
    ]);
    expect(option.series.map((s) => s.name)).toEqual(['Communal', 'Exchange']);
    expect(option.series[0]?.data).toEqual([120, null, 60, null]);
    expect(option.series[1]?.data).toEqual([null, 90, null, 30]);
    expect(option.series[1]?.itemStyle.color).toBe(ORIENTATION_COLORS.exchange.chart);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      'Marriage of convenience · exchange<br/>90 customers (30%)<br/>Mean strength 30%',
    );
  });

  it('reads out the split and the most common types', () => {
    expect(typeMixLabel(p.typeMix, gb)).toBe(
      'Relationship types of 300 customers: 180 communal, 120 exchange. Most common: Casual friends 120, Marriage of convenience 90, Committed partnership 60.',
    );
    expect(typeMixLabel([], gb)).toBe('Relationship types: no customers classified.');
  });
});

describe('stagesOption', () => {
  it('has every stage in lifecycle order, 0 where nobody is', () => {
    expect(stageCounts(p.stages).map((s) => s.customers)).toEqual([40, 0, 150, 60, 50, 0]);
    const option = stagesOption(p.stages, gb);
    expect(option.xAxis.data).toEqual(['Courtship', 'Growth', 'Maturity', 'Decline', 'Lapsed', 'Won back']);
    expect(option.series[0]?.data[4]).toEqual({ value: 50, itemStyle: { color: STAGE_CHART_COLORS.lapsed } });
    expect(stagesLabel(p.stages, gb)).toBe(
      'Customers by lifecycle stage: Courtship 40, Growth 0, Maturity 150, Decline 60, Lapsed 50, Won back 0.',
    );
  });
});

describe('quadrantOption', () => {
  const orientationOf = (t: RelationshipType): Orientation =>
    t === 'committed_partnership' ? 'communal' : 'exchange';

  it('plots strength against CLV by orientation, with lines at the strong threshold and the median CLV', () => {
    const option = quadrantOption(p.quadrant, orientationOf, gb);
    expect(option.series.map((s) => s.data)).toEqual([[[0.8, 90_000]], [[0.2, 10_000]]]);
    expect(option.series[0]?.markLine?.data).toEqual([
      { xAxis: 0.5, name: 'Strong' },
      { yAxis: 25_000, name: 'Median CLV' },
    ]);
    expect(option.series[1]?.markLine).toBeUndefined();
    expect(option.yAxis.axisLabel.formatter(25_000)).toBe('€250');
    expect(option.tooltip.formatter({ seriesIndex: 1, dataIndex: 0 })).toBe(
      'Marriage of convenience<br/>Strength 20% · CLV €100.00',
    );
  });

  it('has no median line while nobody has a CLV', () => {
    const option = quadrantOption({ ...p.quadrant, medianClvMinor: null }, orientationOf, gb);
    expect(option.series[0]?.markLine?.data).toEqual([{ xAxis: 0.5, name: 'Strong' }]);
  });

  it('counts the four cells as the chart lays them out, and reads them out', () => {
    expect(quadrantCells(p.quadrant).map((c) => [c.label, c.customers])).toEqual([
      ['Weaker, valuable', 80],
      ['Strong and valuable', 70],
      ['Weaker, lower value', 106],
      ['Strong, lower value', 44],
    ]);
    expect(quadrantLabel(p.quadrant, gb)).toBe(
      'Strength against value, strong from 50%, median CLV €250.00: weaker, valuable 80, strong and valuable 70, weaker, lower value 106, strong, lower value 44.',
    );
  });
});
