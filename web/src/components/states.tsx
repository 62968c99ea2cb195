import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';

const WIDTHS = ['92%', '80%', '68%', '56%', '44%', '36%', '28%', '20%'];

export function Loading({ label = 'Loading…', rows = 4 }: { label?: string; rows?: number }) {
  return (
    <div className="stack" style={{ padding: 20 }} role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {WIDTHS.slice(0, rows).map((width) => (
        <div key={width} className="skeleton" style={{ width }} />
      ))}
    </div>
  );
}

export function Empty({
  title,
  children,
  actions,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="state">
      <h2>{title}</h2>
      {children ? <div style={{ maxWidth: 460 }}>{children}</div> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const isApi = error instanceof ApiError;
  if (isApi && error.status === 404) {
    return <NotFound />;
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state error" role="alert">
      <h2>Something went wrong</h2>
      <p>{message}</p>
      {isApi && error.requestId ? <p className="mono muted">request id {error.requestId}</p> : null}
      {retry ? (
        <div className="actions">
          <button type="button" className="btn" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <div className="state" data-testid="not-found">
      <h2>Not found</h2>
      <p>This {what} does not exist in this workspace, or you do not have access to it.</p>
      <div className="actions">
        <a className="btn" href="/">
          Go home
        </a>
      </div>
    </div>
  );
}
