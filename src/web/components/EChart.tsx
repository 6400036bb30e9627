import { BarChart, HeatmapChart, LineChart, PieChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the chart types Rapport draws are bundled (tree-shaken ECharts).
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  PieChart,
  SankeyChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  MarkLineComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart that fills its box (the height is fixed up front, so nothing shifts when it
 * draws), resizes with it, and carries a text label for screen readers.
 */
export function EChart({
  option,
  height = 240,
  label,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  /** What the chart shows, read by screen readers. */
  label: string;
  onClick?: (params: { name: string; dataIndex: number; seriesIndex?: number }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // ECharts' aria component writes its own aria-label (raw values, e.g. cents) on the chart's
    // box; our sentence, in workspace formatting, is what screen readers should hear.
    chart.current?.setOption(
      { animation: false, ...option, aria: { enabled: true, label: { description: label } } },
      true,
    );
  }, [option, label]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    const handler = (params: unknown) =>
      onClick(params as { name: string; dataIndex: number; seriesIndex?: number });
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
