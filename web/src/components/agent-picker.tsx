import { useEffect } from 'react';
import { useAgents } from '../lib/agents';
import { setSearch } from '../lib/router';

/** Picks the agent a screen is about; the choice lives in the URL (`agentId`). */
export function AgentPicker({ value }: { value: string | null }) {
  const agents = useAgents();
  const first = agents.data?.data[0]?.id;
  useEffect(() => {
    if (!value && first) {
      setSearch({ agentId: first });
    }
  }, [value, first]);
  if (!agents.data || agents.data.data.length === 0) {
    return null;
  }
  return (
    <select
      aria-label="Agent"
      value={value ?? ''}
      onChange={(e) => setSearch({ agentId: e.target.value })}
    >
      {agents.data.data.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </select>
  );
}
