import { useQuery } from '@tanstack/react-query';
import type { DailyMetrics } from '@/traces/query/daily-metrics';
import { api, qs } from '../lib/api';
import { formatCount, formatDuration, formatPercent } from '../lib/format';
import { LineChart, type Series } from './line-chart';
import { ErrorState, Loading } from './states';

const COLORS = ['var(--accent)', 'var(--good)', 'var(--warn)', 'var(--bad)', 'var(--muted)'];

/** The upper end of an axis: the largest value rounded up to 1, 2 or 5 times a power of ten. */
function niceMax(values: (number | null)[]): number {
  const top = Math.max(0, ...values.map((v) => v ?? 0));
  if (top <= 0) {
    return 1;
  }
  const step = 10 ** Math.floor(Math.log10(top));
  return ([1, 2, 5, 10].map((m) => m * step).find((m) => m >= top) ?? top) as number;
}

function Chart({
  title,
  summary,
  series,
  percent,
  format,
}: {
  title: string;
  summary: string;
  series: Series[];
  percent?: boolean;
  format?: (v: number) => string;
}) {
  return (
    <section className="card" aria-label={title} data-testid="daily-chart">
      <div className="card-header">
        <h3>{title}</h3>
        <span className="spacer" />
        <span className="muted" data-testid="daily-chart-summary">
          {summary}
        </span>
      </div>
      <div className="card-body">
        <LineChart
          label={title}
          series={series}
          {...(percent
            ? {}
            : { max: niceMax(series.flatMap((s) => s.points.map((p) => p.y))), formatY: format })}
        />
      </div>
    </section>
  );
}

/**
 * Charts over the last `days` UTC days (today so far included), for the workspace or one agent:
 * traces, error rate, latency p50/p95, tokens, cost and each active eval's pass rate.
 */
export function DailyCharts({ agentId, days = 30 }: { agentId?: string; days?: number }) {
  const metrics = useQuery({
    queryKey: ['daily-metrics', agentId ?? null, days],
    queryFn: ({ signal }) =>
      api.get<DailyMetrics>(`/v1/metrics/daily${qs({ agentId, days })}`, signal),
    refetchInterval: 60_000,
  });
  if (metrics.isPending) {
    return <Loading rows={4} />;
  }
  if (metrics.isError) {
    return <ErrorState error={metrics.error} retry={() => void metrics.refetch()} />;
  }
  const m = metrics.data;
  const line = (
    name: string,
    color: string,
    y: (d: DailyMetrics['days'][number]) => number | null,
  ) => ({
    name,
    color,
    points: m.days.map((d) => ({ x: d.day, y: y(d) })),
  });
  const total = m.days.reduce((n, d) => n + d.traces, 0);
  const errors = m.days.reduce((n, d) => n + d.errors, 0);
  const tokens = m.days.reduce((n, d) => n + d.inputTokens + d.outputTokens, 0);
  const costs = m.days.filter((d) => d.costUsd !== null);
  const cost = costs.reduce((n, d) => n + (d.costUsd ?? 0), 0);
  const withLatency = m.days.filter((d) => d.p50Ms !== null);
  const dollars = (v: number) => `$${v < 10 ? v.toFixed(2) : Math.round(v)}`;
  return (
    <div className="grid cols-2" data-testid="daily-charts">
      <Chart
        title="Traces per day"
        summary={`${formatCount(total)} in ${m.days.length} days`}
        series={[line('traces', COLORS[0] as string, (d) => d.traces)]}
        format={formatCount}
      />
      <Chart
        title="Error rate"
        summary={`${formatPercent(total > 0 ? errors / total : null)} of traces had an error`}
        series={[line('traces with an error', COLORS[3] as string, (d) => d.errorRate)]}
        percent
      />
      <Chart
        title="Latency"
        summary={
          withLatency.length > 0
            ? `last day with traces: p50 ${formatDuration(withLatency.at(-1)?.p50Ms)}, p95 ${formatDuration(withLatency.at(-1)?.p95Ms)}`
            : 'no durations recorded'
        }
        series={[
          line('p50', COLORS[0] as string, (d) => d.p50Ms),
          line('p95', COLORS[2] as string, (d) => d.p95Ms),
        ]}
        format={(v) => formatDuration(v)}
      />
      <Chart
        title="Tokens"
        summary={
          tokens > 0 ? `${formatCount(tokens)} in and out` : 'no token counts in these traces'
        }
        series={[
          line('input', COLORS[0] as string, (d) => d.inputTokens),
          line('output', COLORS[1] as string, (d) => d.outputTokens),
        ]}
        format={formatCount}
      />
      <Chart
        title="Cost"
        summary={
          costs.length > 0
            ? `${dollars(cost)} in ${m.days.length} days`
            : 'no cost recorded in these traces'
        }
        series={[line('cost (USD)', COLORS[2] as string, (d) => d.costUsd)]}
        format={dollars}
      />
      <Chart
        title="Pass rate of the active evals"
        summary={
          m.evals.length > 0
            ? m.evals.map((e) => `${e.name} v${e.version}`).join(', ')
            : 'no active eval yet: activate one on the Evals screen'
        }
        series={m.evals.map((e, i) => ({
          name: `${e.name} v${e.version}`,
          color: COLORS[i % COLORS.length] as string,
          points: e.days.map((d) => ({ x: d.day, y: d.passRate })),
        }))}
        percent
      />
    </div>
  );
}
