// The raw tau-bench airline runs, read by the benchmark's own loader (independent of the learner).
import { readFileSync } from 'node:fs';
import { findTauBench } from '../../sandbox/tau-bench';

export type TauToolCall = { id: string; function: { name: string; arguments: string } };

export type TauMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: TauToolCall[] | null;
};

export type TauAction = { name: string; kwargs: Record<string, unknown> };

/** One recorded run. `info` (gold actions, the user's instruction) and `reward` are answers. */
export type TauRun = {
  task_id: number;
  trial: number;
  reward: number;
  info: { task: { actions: TauAction[]; instruction: string; outputs: string[] } };
  traj: TauMessage[];
};

/** The 200 runs, or null when `../shared/data/tau-bench` is absent. */
export function loadTauRuns(): TauRun[] | null {
  const file = findTauBench();
  if (!file) {
    return null;
  }
  const runs = JSON.parse(readFileSync(file, 'utf8')) as TauRun[];
  if (!Array.isArray(runs) || runs.some((r) => !Array.isArray(r.traj) || !r.info?.task)) {
    throw new Error(`${file}: not a list of tau-bench runs (task_id, trial, reward, info, traj)`);
  }
  return runs;
}
