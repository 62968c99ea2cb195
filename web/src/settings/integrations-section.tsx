import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmButton } from '../components/confirm-button';
import { Empty, ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatAgo } from '../lib/format';
import { Link } from '../lib/router';
import {
  type ConnectionTest,
  type Integration,
  settingsKeys,
  useIntegrations,
} from '../lib/settings';
import { IntegrationForm } from './integration-form';
import { KINDS } from './integration-kinds';
import { OwnerOnly } from './owner-only';

const STATUS_BADGE = { active: 'good', error: 'bad', disabled: 'warn' } as const;

/** The integration eval generation uses: the oldest active OpenAI-compatible or Anthropic one. */
function modelProviderInUse(items: Integration[]): string | null {
  const candidates = items
    .filter((i) => (i.kind === 'openai' || i.kind === 'anthropic') && i.status === 'active')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return candidates[0]?.id ?? null;
}

function IntegrationRow({
  item,
  role,
  inUse,
}: {
  item: Integration;
  role: string;
  inUse: boolean;
}) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKeys.integrations });
  const path = `/v1/integrations/${encodeURIComponent(item.id)}`;
  const test = useMutation({
    mutationFn: () => api.post<ConnectionTest>(`${path}/test`),
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: () => api.delete(path), onSuccess: refresh });
  const sync = useMutation({ mutationFn: () => api.post<{ jobId: string }>(`${path}/sync`) });
  const pulls = KINDS[item.kind].group === 'platform';
  const settings = Object.entries(item.config).filter(([, v]) => v !== null && v !== '');
  const untested = !item.lastTestedAt;
  return (
    <tr data-testid="integration-row">
      <td>
        <div style={{ fontWeight: 500 }}>{item.name}</div>
        <div className="muted">{KINDS[item.kind].label}</div>
        {inUse ? (
          <span className="badge accent" title="Eval generation and refinement use this provider">
            used for evals
          </span>
        ) : null}
      </td>
      <td>
        <div className="mono truncate" style={{ maxWidth: 260 }} title={item.baseUrl ?? ''}>
          {item.baseUrl ?? '—'}
        </div>
        {settings.map(([k, v]) => (
          <div key={k} className="muted">
            {k}: <span className="mono">{String(v)}</span>
          </div>
        ))}
      </td>
      <td className="mono" data-testid="integration-secret">
        {item.hasSecret ? (item.secretHint ?? '••••') : <span className="muted">none</span>}
      </td>
      <td>
        {untested ? (
          <span className="badge">not tested</span>
        ) : (
          <span className={`badge ${STATUS_BADGE[item.status]}`}>
            <span className="dot" />
            {item.status === 'active' ? 'connected' : item.status}
          </span>
        )}
        {item.lastTestedAt ? (
          <div className="muted">tested {formatAgo(item.lastTestedAt)}</div>
        ) : null}
        {test.data ? (
          <div role="status" className={test.data.ok ? 'muted' : 'alert error'}>
            {test.data.ok ? `connected in ${test.data.latencyMs} ms` : test.data.message}
          </div>
        ) : item.lastError ? (
          <div className="alert error">{item.lastError}</div>
        ) : null}
        {item.lastSyncedAt ? (
          <div className="muted">pulled {formatAgo(item.lastSyncedAt)}</div>
        ) : null}
        {sync.data ? (
          <div role="status">
            Pulling traces: <Link to={`/jobs?job=${sync.data.jobId}`}>follow the job</Link>
          </div>
        ) : null}
        {test.isError || remove.isError || sync.isError ? (
          <div className="alert error" role="alert">
            {(test.error ?? remove.error ?? sync.error)?.message}
          </div>
        ) : null}
      </td>
      <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
        <span className="row" style={{ gap: 6, justifyContent: 'flex-end' }}>
          {role !== 'viewer' ? (
            <button
              type="button"
              className="btn sm"
              disabled={test.isPending}
              onClick={() => test.mutate()}
              aria-label={`Test connection of ${item.name}`}
            >
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
          ) : null}
          {role !== 'viewer' && pulls ? (
            <button
              type="button"
              className="btn sm"
              disabled={sync.isPending}
              onClick={() => sync.mutate()}
              aria-label={`Pull traces from ${item.name}`}
            >
              {sync.isPending ? 'Starting…' : 'Pull traces'}
            </button>
          ) : null}
          {role === 'owner' ? (
            <ConfirmButton
              label="Delete"
              confirmLabel={`Delete ${item.name}`}
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          ) : null}
        </span>
      </td>
    </tr>
  );
}

export function IntegrationsSection({ role }: { role: string }) {
  const list = useIntegrations();
  return (
    <section className="card" aria-labelledby="integrations-title">
      <div className="card-header">
        <h2 id="integrations-title">Integrations</h2>
      </div>
      <div className="card-body stack">
        <p className="muted">
          Trace platforms (Langfuse, LangSmith, Phoenix) to pull traces from, and model providers
          that generate and refine evals. Without a model provider everything except LLM-generated
          evals still works.
        </p>
        {role === 'owner' ? <IntegrationForm /> : <OwnerOnly what="add or delete integrations" />}
      </div>
      {list.isPending ? <Loading rows={3} /> : null}
      {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
      {list.data && list.data.data.length === 0 ? (
        <Empty title="No integrations yet">
          Connect a platform to pull traces, or a model provider for LLM-generated evals.
        </Empty>
      ) : null}
      {list.data && list.data.data.length > 0 ? (
        <table className="table" aria-label="Integrations">
          <thead>
            <tr>
              <th>Name</th>
              <th>Endpoint and settings</th>
              <th>Secret</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((item) => (
              <IntegrationRow
                key={item.id}
                item={item}
                role={role}
                inUse={item.id === modelProviderInUse(list.data.data)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
