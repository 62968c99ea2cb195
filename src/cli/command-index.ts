import type { Command } from 'commander';
import type { CliIo } from './cli-io';

type Register = (program: Command, io: CliIo) => void;

/**
 * The top-level commands, in help order: each its help term (the name, then what follows it),
 * what the top-level `--help` shows for it, and how to load it. A command's module (and everything
 * it imports) is loaded only when that command runs or prints its own help, so `iofold --help` and
 * each command pay only for their own code. `command-index.test.ts` checks `term` and
 * `description` against the real modules.
 */
const COMMANDS: [term: string, description: string, load: () => Promise<Register>][] = [
  [
    'serve [options]',
    'Run the API and dashboard (creates and migrates the database on first start)',
    async () => (await import('./commands/serve-command')).registerServeCommand,
  ],
  [
    'db',
    'Database commands: migrate, backup, studio, stats, compact, vacuum',
    async () => (await import('./commands/db-command')).registerDbCommand,
  ],
  [
    'demo [options]',
    'The demo: a retail support agent with tool-calling traces of varied quality, a third labelled',
    async () => (await import('./commands/demo-command')).registerDemoCommand,
  ],
  [
    'import [options] [file]',
    "Import traces from a file (as the dashboard's Import screen does: good records are stored, bad ones listed by line), or pull them from Langfuse, LangSmith or Phoenix (--from)",
    async () => (await import('./commands/import-command')).registerImportCommand,
  ],
  [
    'traces',
    'Read traces: list with filters, show one with its conversation, labels and verdicts',
    async () => (await import('./commands/traces-command')).registerTracesCommand,
  ],
  [
    'label [options] <traceId> [rating]',
    'Label a trace good, bad or neutral (replaces your earlier label on it)',
    async () => (await import('./commands/label-command')).registerLabelCommand,
  ],
  [
    'jobs',
    'Background jobs (eval runs, generation, imports): list, watch, cancel, retry',
    async () => (await import('./commands/jobs-command')).registerJobsCommand,
  ],
  [
    'evals',
    'Eval functions: generate from labels, list, show, run, refine, export, activate, model limits',
    async () => (await import('./commands/evals-command')).registerEvalsCommand,
  ],
  [
    'tasks',
    'Tasks from traces: extract, list, clusters, similar traces, add by hand',
    async () => (await import('./commands/tasks-command')).registerTasksCommand,
  ],
  [
    'tasksets',
    'Tasksets: make one from traces or a tau2 file, split it, list, show',
    async () => (await import('./commands/tasksets-command')).registerTasksetsCommand,
  ],
  [
    'run [options]',
    'Run an agent version on a taskset (k rollouts per task, scored by its evals); compare runs',
    async () => (await import('./commands/run-command')).registerRunCommand,
  ],
  [
    'optimize',
    "GEPA: optimise an agent's prompt with its aligned evals as reward",
    async () => (await import('./commands/optimize-command')).registerOptimizeCommand,
  ],
  [
    'sandbox',
    'The Python eval sandbox (Pyodide in isolated child processes)',
    async () => (await import('./commands/sandbox-command')).registerSandboxCommand,
  ],
  [
    'keys',
    'Workspace API keys: create, list, revoke',
    async () => (await import('./commands/keys-command')).registerKeysCommand,
  ],
  [
    'login [options]',
    'Print a new one-time sign-in link for the dashboard (valid 24 h)',
    async () => (await import('./commands/login-command')).registerLoginCommand,
  ],
  [
    'workspaces',
    'Workspaces in the local database: list, create',
    async () => (await import('./commands/workspaces-command')).registerWorkspacesCommand,
  ],
];

export const COMMAND_INDEX: ReadonlyArray<{
  name: string;
  term: string;
  description: string;
  load: () => Promise<Register>;
}> = COMMANDS.map(([term, description, load]) => ({
  name: term.split(' ')[0] ?? term,
  term,
  description,
  load,
}));

/**
 * The top-level command a command line runs or asks help for (`iofold help traces` → traces),
 * or undefined for `iofold --help`, `--version` or an unknown word. No top-level option takes a
 * value, so the first word not starting with `-` is the command.
 */
export function commandWordOf(argv: string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  return COMMAND_INDEX.some((entry) => entry.name === word) ? word : undefined;
}
