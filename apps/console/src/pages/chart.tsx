/** Messages per day by status, as a stacked SVG bar chart (attributes only, no inline style), with a table. */
import { useT } from '../i18n';
import { type Counts, STATUSES } from '../types';

const WIDTH = 800;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

function total(counts: Counts): number {
  return STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

/** The chart of `perDay`, with the same figures in a table for screen readers and small screens. */
export function DayChart(props: { days: { date: string; counts: Counts }[] }) {
  const { t, word, number } = useT();
  const { days } = props;
  const max = Math.max(1, ...days.map((day) => total(day.counts)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const bar = Math.max(4, slot * 0.6);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const shown = STATUSES.filter((status) => days.some((day) => (day.counts[status] ?? 0) > 0));
  const sum = days.reduce((all, day) => all + total(day.counts), 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-svg-title">
        <title id="chart-svg-title">
          {t('overview.chart')}: {t('overview.chartSummary', { days: days.length, total: number(sum) })}
        </title>
        <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <text class="tick" x={PAD.left - 6} y={y(max) + 4} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={PAD.left - 6} y={y(0) + 4} text-anchor="end">
          0
        </text>
        {days.map((day, index) => {
          let base = 0;
          const x = PAD.left + index * slot + (slot - bar) / 2;
          return (
            <g key={day.date}>
              {STATUSES.map((status) => {
                const value = day.counts[status] ?? 0;
                if (value === 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect key={status} class={`bar status-${status}`} x={x} y={top} width={bar} height={height}>
                    <title>{`${day.date} ${word(status)}: ${value}`}</title>
                  </rect>
                );
              })}
              <text class="tick" x={x + bar / 2} y={HEIGHT - 10} text-anchor="middle">
                {day.date.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="chart-caption">
        {t('overview.chart')}: {t('overview.chartSummary', { days: days.length, total: number(sum) })}
      </figcaption>
      <ul class="legend">
        {shown.map((status) => (
          <li key={status}>
            <span class={`swatch status-${status}`} aria-hidden="true" /> {word(status)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
