import type { AmountRange, CountBy } from '../../../server/api.ts';
import type { ChartOption } from '../../components/EChart.tsx';

type Row = CountBy<string> & { amount: AmountRange };

/** How many districts or industries a chart shows: the rest would be unreadable slivers. */
export const TOP = 15;

/** The tooltip is HTML: names are escaped before they go into it. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Matches by district or industry, the most first: the number of eligible enterprise–policy pairs (bars) and, when
 * any is known, the most they may receive together (a line on its own axis, in the reader's money format). Bars
 * run sideways so long district names stay readable.
 */
export function matchesOption(
  rows: Row[],
  names: { count: string; amount: string },
  yuan: (n: number) => string,
): ChartOption {
  const top = [...rows]
    .sort((a, b) => b.count - a.count)
    .slice(0, TOP)
    .reverse();
  const amounts = top.some((r) => r.amount.max > 0);
  return {
    color: ['#c0392b', '#2980b9'],
    tooltip: {
      trigger: 'axis',
      formatter: (params: { seriesIndex: number; seriesName: string; name: string; value: number; marker: string }[]) =>
        [
          escape(params[0]?.name ?? ''),
          ...params.map((p) => `${p.marker}${escape(p.seriesName)}: ${p.seriesIndex === 1 ? yuan(p.value) : p.value}`),
        ].join('<br/>'),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { width: 160, overflow: 'truncate' } },
    xAxis: [
      { type: 'value', minInterval: 1, position: 'bottom' },
      ...(amounts
        ? [{ type: 'value', position: 'top', axisLabel: { formatter: (value: number) => yuan(value) } }]
        : []),
    ],
    series: [
      { type: 'bar', name: names.count, data: top.map((r) => r.count) },
      ...(amounts ? [{ type: 'line', name: names.amount, xAxisIndex: 1, data: top.map((r) => r.amount.max) }] : []),
    ],
  };
}
