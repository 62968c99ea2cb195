import { PageHeader } from '../components/shell';
import { Loading } from '../components/states';
import { Link, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { ApiKeysSection } from '../settings/api-keys-section';
import { IntegrationsSection } from '../settings/integrations-section';
import { MembersSection } from '../settings/members-section';
import { ModelLimitsSection } from '../settings/model-limits-section';
import { PasswordSection } from '../settings/password-section';
import { SystemSection } from '../settings/system-section';
import { WorkspaceSection } from '../settings/workspace-section';

const TABS = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'members', label: 'Members' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'integrations', label: 'Integrations' },
  { id: 'system', label: 'System' },
  { id: 'password', label: 'Your password' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function isTab(value: string | null): value is Tab {
  return TABS.some((t) => t.id === value);
}

export default function SettingsScreen() {
  const { search } = useLocation();
  const session = useSession();
  const requested = search.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'workspace';
  if (!session.data?.workspace) {
    return <Loading />;
  }
  const role = session.data.workspace.role;
  const isOwner = role === 'owner';
  return (
    <>
      <PageHeader>
        <h1>Settings</h1>
        <span className="spacer" />
        <span className="muted">
          You are <strong>{role}</strong> of {session.data.workspace.name}
        </span>
      </PageHeader>
      <nav className="tabs" aria-label="Settings sections">
        {TABS.map((t) => (
          <Link
            key={t.id}
            to={t.id === 'workspace' ? '/settings' : `/settings?tab=${t.id}`}
            aria-current={tab === t.id ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <div className="page-body stack" style={{ gap: 16 }}>
        {tab === 'workspace' ? <WorkspaceSection isOwner={isOwner} /> : null}
        {tab === 'workspace' ? <ModelLimitsSection isOwner={isOwner} /> : null}
        {tab === 'members' ? (
          <MembersSection isOwner={isOwner} userId={session.data.user.id} />
        ) : null}
        {tab === 'api-keys' ? <ApiKeysSection isOwner={isOwner} /> : null}
        {tab === 'integrations' ? <IntegrationsSection role={role} /> : null}
        {tab === 'system' ? <SystemSection /> : null}
        {tab === 'password' ? <PasswordSection email={session.data.user.email} /> : null}
      </div>
    </>
  );
}
