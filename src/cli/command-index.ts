import type { Command } from 'commander';
import type { CliIo } from './cli-io';

type Register = (program: Command, io: CliIo) => void;

/**
 * The top-level commands, in help order, each with what the top-level `--help` shows for it and
 * how to load it. A command's module (and everything it imports) is loaded only when that
 * command runs or prints its own help, so `iofold --help` and each command pay only for their
 * own code. `command-index.test.ts` checks `term` and `description` against the real modules.
 */
export const COMMAND_INDEX: ReadonlyArray<{
  name: string;
  term: string;
  description: string;
  load: () => Promise<Register>;
}> = [
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'Run the API and dashboard (creates and migrates the database on first start)',
    load: async () => (await import('./commands/serve-command')).registerServeCommand,
  },
  {
    name: 'db',
    term: 'db',
    description: 'Database commands: migrate, backup, studio, stats, compact, vacuum',
    load: async () => (await import('./commands/db-command')).registerDbCommand,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description:
      'The demo: a retail support agent with tool-calling traces of varied quality, a third labelled',
    load: async () => (await import('./commands/demo-command')).registerDemoCommand,
  },
  {
    name: 'import',
    term: 'import [options] [file]',
    description:
      "Import traces from a file (as the dashboard's Import screen does: good records are stored, bad ones listed by line), or pull them from Langfuse, LangSmith or Phoenix (--from)",
    load: async () => (await import('./commands/import-command')).registerImportCommand,
  },
  {
    name: 'traces',
    term: 'traces',
    description:
      'Read traces: list with filters, show one with its conversation, labels and verdicts',
    load: async () => (await import('./commands/traces-command')).registerTracesCommand,
  },
  {
    name: 'label',
    term: 'label [options] <traceId> [rating]',
    description: 'Label a trace good, bad or neutral (replaces your earlier label on it)',
    load: async () => (await import('./commands/label-command')).registerLabelCommand,
  },
  {
    name: 'jobs',
    term: 'jobs',
    description: 'Background jobs (eval runs, generation, imports): list, watch, cancel, retry',
    load: async () => (await import('./commands/jobs-command')).registerJobsCommand,
  },
  {
    name: 'evals',
    term: 'evals',
    description:
      'Eval functions: generate from labels, list, show, run, export, activate, model limits',
    load: async () => (await import('./commands/evals-command')).registerEvalsCommand,
  },
  {
    name: 'tasks',
    term: 'tasks',
    description: 'Tasks from traces: extract, list, clusters, similar traces, add by hand',
    load: async () => (await import('./commands/tasks-command')).registerTasksCommand,
  },
  {
    name: 'tasksets',
    term: 'tasksets',
    description: 'Tasksets: make one from traces or a tau2 file, split it, list, show',
    load: async () => (await import('./commands/tasksets-command')).registerTasksetsCommand,
  },
  {
    name: 'run',
    term: 'run [options]',
    description:
      'Run an agent version on a taskset (k rollouts per task, scored by its evals); compare runs',
    load: async () => (await import('./commands/run-command')).registerRunCommand,
  },
  {
    name: 'optimize',
    term: 'optimize',
    description: "GEPA: optimise an agent's prompt with its aligned evals as reward",
    load: async () => (await import('./commands/optimize-command')).registerOptimizeCommand,
  },
  {
    name: 'sandbox',
    term: 'sandbox',
    description: 'The Python eval sandbox (Pyodide in isolated child processes)',
    load: async () => (await import('./commands/sandbox-command')).registerSandboxCommand,
  },
  {
    name: 'keys',
    term: 'keys',
    description: 'Workspace API keys: create, list, revoke',
    load: async () => (await import('./commands/keys-command')).registerKeysCommand,
  },
  {
    name: 'login',
    term: 'login [options]',
    description: 'Print a new one-time sign-in link for the dashboard (valid 24 h)',
    load: async () => (await import('./commands/login-command')).registerLoginCommand,
  },
  {
    name: 'workspaces',
    term: 'workspaces',
    description: 'Workspaces in the local database: list, create',
    load: async () => (await import('./commands/workspaces-command')).registerWorkspacesCommand,
  },
];

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
