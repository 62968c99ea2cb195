import { useEffect } from 'react';
import { useAgents } from '../lib/agents';
import { setSearch } from '../lib/router';
import type { Agent } from '../lib/types';

const REMEMBERED = 'iofold.agentId';

/**
 * The agent a screen opens on without one in the URL: the one last picked (on any screen), else
 * the one with the most traces, so a small import does not hide the agent the evals are about.
 */
export function defaultAgentId(agents: readonly Agent[], remembered: string | null): string | null {
  if (remembered && agents.some((a) => a.id === remembered)) {
    return remembered;
  }
  let best: Agent | null = null;
  for (const a of agents) {
    if (!best || a.traceCount > best.traceCount) {
      best = a;
    }
  }
  return best?.id ?? null;
}

function remembered(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}

function remember(agentId: string) {
  try {
    localStorage.setItem(REMEMBERED, agentId);
  } catch {
    // private mode: the URL still carries the choice
  }
}

/** Picks the agent a screen is about; the choice lives in the URL (`agentId`) and is remembered. */
export function AgentPicker({ value }: { value: string | null }) {
  const agents = useAgents();
  const list = agents.data?.data ?? [];
  const fallback = defaultAgentId(list, remembered());
  useEffect(() => {
    if (!value && fallback) {
      setSearch({ agentId: fallback });
    } else if (value) {
      remember(value);
    }
  }, [value, fallback]);
  if (list.length === 0) {
    return null;
  }
  return (
    <select
      aria-label="Agent"
      value={value ?? ''}
      onChange={(e) => setSearch({ agentId: e.target.value })}
    >
      {list.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name} ({a.traceCount} traces)
        </option>
      ))}
    </select>
  );
}
