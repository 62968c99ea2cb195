import { ErrorState, Loading } from '../components/states';
import { formatAgo } from '../lib/format';
import { useAlerts } from '../lib/monitoring';
import { Link } from '../lib/router';

const SEVERITY = { critical: 'bad', warning: 'warn', info: 'accent' } as const;

/** The newest open alerts, one line each; acknowledging happens on Monitoring. */
export function OpenAlerts() {
  const alerts = useAlerts('open', 5);
  if (alerts.isPending) {
    return <Loading rows={2} />;
  }
  if (alerts.isError) {
    return <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />;
  }
  const items = alerts.data.pages[0]?.data ?? [];
  if (items.length === 0) {
    return <p className="muted">No open alerts: every active eval is within its thresholds.</p>;
  }
  const more = Boolean(alerts.data.pages[0]?.nextCursor);
  return (
    <div className="stack">
      <ul className="alert-list" aria-label="Open alerts">
        {items.map((a) => (
          <li
            key={a.id}
            className="alert-item"
            data-testid="home-alert"
            style={{ padding: '8px 0' }}
          >
            <span className={`badge ${SEVERITY[a.severity]}`}>{a.severity}</span>{' '}
            <strong>
              {a.evalName} v{a.evalVersion}
            </strong>{' '}
            <span className="muted">{formatAgo(a.openedAt)}</span>
            <div>{a.message}</div>
          </li>
        ))}
      </ul>
      <div>
        <Link className="btn sm" to="/monitoring">
          {more ? 'See all open alerts' : 'Acknowledge or resolve on Monitoring'}
        </Link>
      </div>
    </div>
  );
}
