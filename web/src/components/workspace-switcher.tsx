import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api';
import { navigate } from '../lib/router';
import { SESSION_KEY, type Session } from '../lib/session';

/** The session's workspace; a switcher when the user belongs to several. */
export function WorkspaceSwitcher({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const current = session.workspace;
  const change = useMutation({
    mutationFn: (workspaceId: string) =>
      api.post<Session>('/v1/auth/switch-workspace', { workspaceId }),
    onSuccess: (next) => {
      // Everything cached belongs to the old workspace.
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, next);
      navigate('/');
    },
  });
  if (!current) {
    return null;
  }
  if (session.workspaces.length < 2) {
    return (
      <div className="ws-select row" title={`Workspace ${current.slug}`}>
        <span className="truncate" style={{ fontWeight: 500, flex: 1 }}>
          {current.name}
        </span>
        <span className="badge accent">{current.role}</span>
      </div>
    );
  }
  return (
    <select
      className="ws-select"
      aria-label="Workspace"
      value={current.id}
      disabled={change.isPending}
      onChange={(e) => change.mutate(e.target.value)}
    >
      {session.workspaces.map((w) => (
        <option key={w.id} value={w.id}>
          {w.name} ({w.role})
        </option>
      ))}
    </select>
  );
}
