import { Empty, ErrorState, Loading } from '../components/states';
import { formatAgo, formatDateTime } from '../lib/format';
import { type Alert, type AlertStatus, useAlertAction, useAlerts } from '../lib/monitoring';
import { Link } from '../lib/router';

const SEVERITY = { critical: 'bad', warning: 'warn', info: 'accent' } as const;
const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];

function AlertRow({ alert, canWrite }: { alert: Alert; canWrite: boolean }) {
  const action = useAlertAction();
  const when =
    alert.status === 'resolved'
      ? `resolved ${formatAgo(alert.resolvedAt)}`
      : alert.status === 'acknowledged'
        ? `acknowledged ${formatAgo(alert.acknowledgedAt)}`
        : `opened ${formatAgo(alert.openedAt)}`;
  return (
    <li className="alert-item" data-testid="alert-row" data-alert-id={alert.id}>
      <div className="row" style={{ gap: 8, alignItems: 'baseline' }}>
        <span className={`badge ${SEVERITY[alert.severity]}`}>{alert.severity}</span>
        <Link to={`/monitoring?agentId=${alert.agentId}&eval=${alert.evalId}`}>
          {alert.evalName} v{alert.evalVersion}
        </Link>
        <span className="muted">{alert.kind.replaceAll('_', ' ')}</span>
        <span className="spacer" />
        <span className="muted" title={formatDateTime(alert.openedAt)}>
          {when}
        </span>
      </div>
      <p style={{ margin: '4px 0 0' }}>{alert.message}</p>
      {action.isError ? (
        <p className="alert error" role="alert">
          {action.error.message}
        </p>
      ) : null}
      {canWrite && alert.status !== 'resolved' ? (
        <div className="row" style={{ gap: 6, marginTop: 6 }}>
          {alert.status === 'open' ? (
            <button
              type="button"
              className="btn sm"
              disabled={action.isPending}
              onClick={() => action.mutate({ id: alert.id, verb: 'acknowledge' })}
              aria-label={`Acknowledge: ${alert.message}`}
            >
              Acknowledge
            </button>
          ) : null}
          <button
            type="button"
            className="btn sm"
            disabled={action.isPending}
            onClick={() => action.mutate({ id: alert.id, verb: 'resolve' })}
            aria-label={`Resolve: ${alert.message}`}
          >
            Resolve
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Alerts of the workspace by status, newest first, with acknowledge / resolve. */
export function AlertsPanel({
  status,
  onStatus,
  canWrite,
}: {
  status: AlertStatus;
  onStatus: (status: AlertStatus) => void;
  canWrite: boolean;
}) {
  const alerts = useAlerts(status);
  const items = alerts.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="card" aria-labelledby="alerts-title">
      <div className="card-header">
        <h2 id="alerts-title">Alerts</h2>
        <span className="spacer" />
        <fieldset className="seg" aria-label="Alert status">
          {STATUSES.map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => onStatus(s)}>
              {s}
            </button>
          ))}
        </fieldset>
      </div>
      {alerts.isPending ? <Loading rows={3} /> : null}
      {alerts.isError ? (
        <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />
      ) : null}
      {alerts.isSuccess && items.length === 0 ? (
        <Empty title={status === 'open' ? 'No open alerts' : `No ${status} alerts`}>
          {status === 'open'
            ? 'Alerts open when an active eval’s agreement, error rate or pass rate moves past its thresholds in the daily snapshot.'
            : null}
        </Empty>
      ) : null}
      {items.length > 0 ? (
        <ul className="alert-list" aria-label={`${status} alerts`}>
          {items.map((a) => (
            <AlertRow key={a.id} alert={a} canWrite={canWrite} />
          ))}
        </ul>
      ) : null}
      {!canWrite && items.length > 0 && status !== 'resolved' ? (
        <p className="muted" style={{ padding: '0 16px 12px' }}>
          Viewers cannot acknowledge or resolve alerts.
        </p>
      ) : null}
      {alerts.hasNextPage ? (
        <div style={{ padding: '0 16px 12px' }}>
          <button
            type="button"
            className="btn sm"
            disabled={alerts.isFetchingNextPage}
            onClick={() => void alerts.fetchNextPage()}
          >
            {alerts.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
