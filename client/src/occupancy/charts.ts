import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the board draws (tree-shaken: the chunk stays a fraction of full ECharts).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export type Chart = echarts.ECharts;

/** The screen's palette (styles/base.css), for charts drawn on a canvas. */
export const THEME = {
  text: '#e6f1ff',
  muted: '#8aa4c4',
  line: 'rgba(0, 229, 255, 0.12)',
  cyan: '#00e5ff',
  amber: '#ffc400',
  red: '#ff5c6c',
  green: '#3ddc97',
  blue: '#2f7df6',
  pink: '#ff7eb6',
  font: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
};

/** Axis and text styles shared by every chart of the board, sized from the root font (rem). */
export function baseOption(rem: number): ChartOption {
  return {
    backgroundColor: 'transparent',
    textStyle: { color: THEME.text, fontFamily: THEME.font, fontSize: 0.8 * rem },
    animationDuration: 400,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: 'rgba(10, 24, 46, 0.95)',
      borderColor: 'rgba(0, 229, 255, 0.4)',
      textStyle: { color: THEME.text, fontSize: 0.8 * rem },
    },
    legend: {
      textStyle: { color: THEME.muted, fontSize: 0.75 * rem },
      itemWidth: rem,
      itemHeight: 0.6 * rem,
      top: 0,
    },
  };
}

const compact = new Map<string, Intl.NumberFormat>();
/** 12,000 → 1.2万 (zh) / 12K (en): value axes keep their labels apart. */
export function compactNumber(v: number, lang: string): string {
  let f = compact.get(lang);
  if (!f)
    compact.set(lang, (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { notation: 'compact' })));
  return f.format(v);
}

export const axisStyle = (rem: number) => ({
  axisLine: { lineStyle: { color: THEME.muted } },
  axisLabel: { color: THEME.muted, fontSize: 0.72 * rem },
  splitLine: { lineStyle: { color: THEME.line } },
});

/** A value axis with a few compact labels. */
export const valueAxis = (rem: number, lang: string, abs = false) => ({
  type: 'value',
  splitNumber: 3,
  ...axisStyle(rem),
  axisLabel: {
    color: THEME.muted,
    fontSize: 0.72 * rem,
    formatter: (v: number) => compactNumber(abs ? Math.abs(v) : v, lang),
  },
});

export const rootRem = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

/**
 * One ECharts instance on a div for the component's life: options set as they change, resized
 * with its box, a click on a data item handed to onClick (name, dataIndex).
 */
export function useChart(
  option: ChartOption,
  onClick?: (p: { dataIndex: number; name: string; seriesIndex: number }) => void,
  onReady?: (chart: Chart | null) => void,
) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const el = ref.current!;
    const c = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as { dataIndex: number; name: string; seriesIndex: number }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    onReady?.(c);
    return () => {
      ro.disconnect();
      onReady?.(null);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return ref;
}
