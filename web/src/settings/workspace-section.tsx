import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { SESSION_KEY } from '../lib/session';
import { settingsKeys, useWorkspace, type Workspace } from '../lib/settings';
import { OwnerOnly } from './owner-only';

function RenameForm({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const rename = useMutation({
    mutationFn: (next: string) => api.patch<Workspace>('/v1/workspace', { name: next }),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.workspace, saved);
      // The sidebar shows the name from the session.
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name);
  };
  const unchanged = name.trim() === workspace.name;
  return (
    <form className="row" style={{ gap: 8, alignItems: 'end' }} onSubmit={submit}>
      <label className="field" style={{ flex: 1, maxWidth: 420 }}>
        Workspace name
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <button
        type="submit"
        className="btn primary"
        disabled={unchanged || !name.trim() || rename.isPending}
      >
        {rename.isPending ? 'Saving…' : 'Save name'}
      </button>
      <span role="status" className="muted">
        {rename.isSuccess && unchanged ? 'Saved' : ''}
      </span>
      {rename.isError ? (
        <p className="alert error" role="alert">
          {rename.error.message}
        </p>
      ) : null}
    </form>
  );
}

export function WorkspaceSection({ isOwner }: { isOwner: boolean }) {
  const workspace = useWorkspace();
  if (workspace.isPending) {
    return <Loading rows={2} />;
  }
  if (workspace.isError) {
    return <ErrorState error={workspace.error} retry={() => void workspace.refetch()} />;
  }
  const w = workspace.data;
  return (
    <section className="card" aria-labelledby="ws-title">
      <div className="card-header">
        <h2 id="ws-title">Workspace</h2>
      </div>
      <div className="card-body stack">
        {isOwner ? <RenameForm workspace={w} /> : <OwnerOnly what="rename the workspace" />}
        <dl className="kv">
          <dt>Name</dt>
          <dd>{w.name}</dd>
          <dt>Slug</dt>
          <dd className="mono">{w.slug}</dd>
          <dt>Id</dt>
          <dd className="mono">{w.id}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(w.createdAt)}</dd>
        </dl>
      </div>
    </section>
  );
}
