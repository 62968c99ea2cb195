import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where and on what a benchmark ran: printed with every result, stored in the results file. */
export type MachineContext = {
  cores: number;
  cpu: string;
  /** 1, 5 and 15 minute load averages when the benchmark started. */
  loadAverage: [number, number, number];
  node: string;
  /** The commit measured; `dirty` when the working tree had uncommitted changes to code. */
  commit: string;
  dirty: boolean;
  startedAt: string;
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function machineContext(): MachineContext {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const changes = git(['status', '--porcelain', '--', '.', ':!bench/results'])
    .split('\n')
    .filter(Boolean);
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    loadAverage: [one, five, fifteen],
    node: process.version,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: changes.length > 0,
    startedAt: new Date().toISOString(),
  };
}

export function describeContext(c: MachineContext): string {
  const load = c.loadAverage.map((l) => l.toFixed(2)).join(' ');
  const commit = `${c.commit.slice(0, 10)}${c.dirty ? ' (uncommitted changes)' : ''}`;
  return `${c.cores} cores (${c.cpu}), load average ${load} at start, Node ${c.node}, commit ${commit}`;
}
