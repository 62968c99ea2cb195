import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ConfirmButton } from '../components/confirm-button';
import { OnceValue } from '../components/copy-button';
import { Empty, ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatAgo, formatDateTime } from '../lib/format';
import {
  type ApiKey,
  type CreatedApiKey,
  ROLES,
  type Role,
  settingsKeys,
  useApiKeys,
} from '../lib/settings';
import { OwnerOnly } from './owner-only';

function CreateKeyForm({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const create = useMutation({
    mutationFn: () => api.post<CreatedApiKey>('/v1/api-keys', { name, role }),
    onSuccess: (created) => {
      setName('');
      onCreated(created);
      void queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form
        className="row"
        style={{ gap: 8, alignItems: 'end', flexWrap: 'wrap' }}
        onSubmit={submit}
      >
        <label className="field" style={{ flex: 1, minWidth: 220 }}>
          Key name
          <input
            required
            maxLength={100}
            placeholder="e.g. production ingest"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          Key role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary" disabled={create.isPending || !name.trim()}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {create.isError ? (
        <p className="alert error" role="alert">
          {create.error.message}
        </p>
      ) : null}
    </>
  );
}

/** The secret lives only in this component's state: gone on reload, never cached. */
function NewSecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="alert warn stack" role="status" data-testid="new-secret">
      <strong>Copy the secret key of “{created.apiKey.name}” now: it is shown only once.</strong>
      <OnceValue label="Secret key" value={created.secretKey} />
      <p className="muted">
        Send it as <code>Authorization: Bearer …</code>, or as the Langfuse SDK's secret key with
        public key <code className="mono">{created.apiKey.publicKey}</code>.
      </p>
      <div>
        <button type="button" className="btn sm" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.delete<ApiKey>(`/v1/api-keys/${encodeURIComponent(apiKey.id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
  return (
    <tr data-testid="api-key-row">
      <td>
        {apiKey.name}
        {revoke.isError ? (
          <div className="alert error" role="alert">
            {revoke.error.message}
          </div>
        ) : null}
      </td>
      <td className="mono">{apiKey.publicKey}</td>
      <td className="mono" data-testid="secret-hint">
        {apiKey.secretHint}
      </td>
      <td>{apiKey.role}</td>
      <td title={formatDateTime(apiKey.createdAt)}>{formatAgo(apiKey.createdAt)}</td>
      <td>{apiKey.lastUsedAt ? formatAgo(apiKey.lastUsedAt) : 'never'}</td>
      <td style={{ textAlign: 'right' }}>
        {apiKey.revokedAt ? (
          <span className="badge bad" title={formatDateTime(apiKey.revokedAt)}>
            revoked
          </span>
        ) : (
          <ConfirmButton
            label="Revoke"
            confirmLabel={`Revoke ${apiKey.name}`}
            pending={revoke.isPending}
            onConfirm={() => revoke.mutate()}
          />
        )}
      </td>
    </tr>
  );
}

function KeyList() {
  const keys = useApiKeys(true);
  if (keys.isPending) {
    return <Loading rows={3} />;
  }
  if (keys.isError) {
    return <ErrorState error={keys.error} retry={() => void keys.refetch()} />;
  }
  if (keys.data.data.length === 0) {
    return (
      <Empty title="No API keys">
        Create one to send traces from an SDK, an OpenTelemetry exporter or the CLI.
      </Empty>
    );
  }
  return (
    <table className="table" aria-label="API keys">
      <thead>
        <tr>
          <th>Name</th>
          <th>Public key</th>
          <th>Secret</th>
          <th>Role</th>
          <th>Created</th>
          <th>Last used</th>
          <th>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.data.data.map((k) => (
          <KeyRow key={k.id} apiKey={k} />
        ))}
      </tbody>
    </table>
  );
}

export function ApiKeysSection({ isOwner }: { isOwner: boolean }) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <section className="card" aria-labelledby="keys-title">
      <div className="card-header">
        <h2 id="keys-title">API keys</h2>
      </div>
      <div className="card-body stack">
        {isOwner ? (
          <>
            <p className="muted">
              Keys authenticate SDKs, OpenTelemetry exporters and the CLI against this workspace. A
              key acts with the role you give it.
            </p>
            <CreateKeyForm onCreated={setCreated} />
            {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
          </>
        ) : (
          <OwnerOnly what="see, create or revoke API keys" />
        )}
      </div>
      {isOwner ? <KeyList /> : null}
    </section>
  );
}
