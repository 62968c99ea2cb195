import type { Me } from '../lib/session';

// Shows the session's workspace; becomes a switcher once the API lists several.
export function WorkspaceSwitcher({ me }: { me: Me }) {
  return (
    <div className="ws-select row" title={`Workspace ${me.workspace.slug}`}>
      <span className="badge accent">{me.role}</span>
      <span className="truncate" style={{ fontWeight: 500 }}>
        {me.workspace.name}
      </span>
    </div>
  );
}
