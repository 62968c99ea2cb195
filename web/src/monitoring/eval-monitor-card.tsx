import { LineChart } from '../components/line-chart';
import { ErrorState, Loading } from '../components/states';
import { formatCount, formatPercent } from '../lib/format';
import { daysBetween, useSnapshots } from '../lib/monitoring';
import { Link } from '../lib/router';
import type { EvalVersion } from '../lib/types';
import { MonitoringSettingsForm } from './monitoring-settings-form';

/** One eval: agreement and pass rate per day, the latest day's numbers, and its settings. */
export function EvalMonitorCard({
  evalVersion,
  from,
  to,
  expanded,
  onToggle,
  canWrite,
}: {
  evalVersion: EvalVersion;
  from: string;
  to: string;
  expanded: boolean;
  onToggle: () => void;
  canWrite: boolean;
}) {
  const snapshots = useSnapshots(evalVersion.id, from, to);
  const rows = snapshots.data?.data ?? [];
  const byDay = new Map(rows.map((s) => [s.day, s]));
  const days = daysBetween(from, to);
  // A day without executions has no rates; show the last day that has them.
  const latest = rows.findLast((s) => s.executions > 0);
  const latestDay = latest ? (latest.partial ? 'today so far' : latest.day) : 'latest day';
  const title = `${evalVersion.name} v${evalVersion.version}`;
  const totals = rows.reduce(
    (t, s) => ({
      executions: t.executions + s.executions,
      contradictions: t.contradictions + s.contradictions,
    }),
    { executions: 0, contradictions: 0 },
  );
  return (
    <section className="card" aria-label={`Monitoring of ${title}`} data-testid="eval-monitor">
      <div className="card-header">
        <h2>
          <Link to={`/evals?agentId=${evalVersion.agentId}&eval=${evalVersion.id}`}>{title}</Link>
        </h2>
        <span className={`badge ${evalVersion.status === 'active' ? 'good' : ''}`}>
          {evalVersion.status}
        </span>
        <span className="spacer" />
        <button type="button" className="btn sm" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? 'Hide settings' : 'Thresholds and auto-refine'}
        </button>
      </div>
      <div className="card-body stack">
        {snapshots.isPending ? <Loading rows={3} /> : null}
        {snapshots.isError ? (
          <ErrorState error={snapshots.error} retry={() => void snapshots.refetch()} />
        ) : null}
        {snapshots.isSuccess && rows.length === 0 ? (
          <p className="muted">
            Nothing in this period yet. Today's numbers show here as soon as the eval judges a trace
            (counted live); each finished day is kept as a snapshot.
          </p>
        ) : null}
        {rows.length > 0 ? (
          <>
            <div className="grid cols-4">
              <Stat
                label={`Agreement (${latestDay})`}
                value={formatPercent(latest?.agreement, 1)}
              />
              <Stat label={`Pass rate (${latestDay})`} value={formatPercent(latest?.passRate, 1)} />
              <Stat label="Executions in period" value={formatCount(totals.executions)} />
              <Stat label="Contradictions in period" value={formatCount(totals.contradictions)} />
            </div>
            <LineChart
              label={`Agreement and pass rate of ${title} per day, ${from} to ${to}`}
              series={[
                {
                  name: 'Agreement with labels',
                  color: 'var(--accent)',
                  points: days.map((d) => ({ x: d, y: byDay.get(d)?.agreement ?? null })),
                },
                {
                  name: 'Pass rate',
                  color: 'var(--good)',
                  points: days.map((d) => ({ x: d, y: byDay.get(d)?.passRate ?? null })),
                },
                {
                  name: 'Error rate',
                  color: 'var(--bad)',
                  points: days.map((d) => ({ x: d, y: byDay.get(d)?.errorRate ?? null })),
                },
              ]}
            />
          </>
        ) : null}
        {expanded ? <MonitoringSettingsForm evalId={evalVersion.id} canWrite={canWrite} /> : null}
      </div>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card stat">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}
