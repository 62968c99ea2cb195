import type { Command } from 'commander';
import type { Ctx, Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { cancelTasksetRun } from '@/optimize/runs/cancel-taskset-run';
import { compareTasksetRuns } from '@/optimize/runs/compare-taskset-runs';
import { createTasksetRun } from '@/optimize/runs/create-taskset-run';
import {
  listTasksetRunResults,
  listTasksetRuns,
  type TaskResultView,
} from '@/optimize/runs/list-taskset-runs';
import { resumeTasksetRun } from '@/optimize/runs/resume-taskset-run';
import {
  getTasksetRunOrThrow,
  type TasksetRunView,
  toTasksetRunView,
} from '@/optimize/runs/taskset-run-views';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import { addDatabaseOptions, localConfigFromFlags, withDatabase } from '../database-options';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { resolveWorkspaceCtx } from '../resolve-workspace';
import { runJobHere } from '../run-job-here';
import { type WorkspaceFlags, workspaceCommandKit } from './workspace-command-kit';

type RunFlags = WorkspaceFlags & {
  taskset?: string;
  agentVersion?: string;
  prompt?: string;
  split?: 'train' | 'val' | 'test';
  k: number;
  parallel: number;
  maxCost?: string;
  model?: string;
  userMode?: 'single' | 'scripted' | 'simulated';
  userModel?: string;
  maxUserTurns?: number;
  allowSideEffects?: boolean;
};
type Sub = ReturnType<typeof workspaceCommandKit>['sub'];
type RunInKit = ReturnType<typeof workspaceCommandKit>['run'];

const score = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : v.toFixed(2);

export function registerRunCommand(program: Command, io: CliIo) {
  const group = program
    .command('run')
    .description(
      'Run an agent version on a taskset (k rollouts per task, scored by its evals); compare runs',
    )
    .addHelpText(
      'after',
      examplesText([
        'iofold run --taskset TASKSET_ID --agent-version VERSION_ID --split test --k 3 --parallel 8 --max-cost 5',
        'iofold run --taskset TASKSET_ID --user-mode simulated --user-model gpt-4o-mini --max-user-turns 8',
        'iofold run compare RUN_A RUN_B',
      ]),
    );
  const { sub, run } = workspaceCommandKit(io, group);
  addStartOptions(group, io).action((flags: RunFlags) => startRun(io, flags));
  registerListAndShow(io, sub, run);
  registerCancelAndResume(io, sub, run);
  registerCompare(io, sub, run);
}

/** The options of `iofold run` itself (starting a run). */
function addStartOptions(group: Command, io: CliIo) {
  return addDatabaseOptions(group)
    .option('--taskset <id>', 'taskset version id (required)')
    .option(
      '--agent-version <id>',
      "agent version id (default: the agent's active version); --version is iofold's own",
    )
    .option('--prompt <text>', 'a candidate system prompt to run instead of a version')
    .option('--split <split>', 'only the train, val or test tasks (default: every task)')
    .option('--k <n>', 'rollouts per task', parseIntegerOption, 1)
    .option('--parallel <n>', 'rollouts at once', parseIntegerOption, 4)
    .option('--max-cost <usd>', 'cost ceiling: a rollout that would pass it never starts')
    .option('--model <id>', 'model id (default: the configured one)')
    .option(
      '--user-mode <mode>',
      'single, scripted or simulated (default: scripted when the task has recorded turns after its first)',
    )
    .option('--user-model <id>', "the simulated user's model id (default: the run's model)")
    .option(
      '--max-user-turns <n>',
      "the simulated user's most messages per rollout (default 10)",
      parseIntegerOption,
    )
    .option('--allow-side-effects', 'call tools that are not read-only live')
    .option(
      '--workspace <slug>',
      'workspace (env IOFOLD_WORKSPACE)',
      io.env.IOFOLD_WORKSPACE ?? 'default',
    )
    .option('--json', 'print the result as JSON');
}

async function startRun(io: CliIo, flags: RunFlags) {
  if (!flags.taskset) {
    throw new AppError('VALIDATION', 'name the taskset: iofold run --taskset TASKSET_ID');
  }
  const result = await runHere(io, flags, 'run', (ctx) =>
    createTasksetRun(ctx, {
      tasksetId: flags.taskset as string,
      agentVersionId: flags.agentVersion,
      promptText: flags.prompt,
      split: flags.split,
      k: flags.k,
      parallel: flags.parallel,
      maxCostUsd: flags.maxCost === undefined ? undefined : Number(flags.maxCost),
      model: flags.model,
      userMode: flags.userMode,
      userModel: flags.userModel,
      maxUserTurns: flags.maxUserTurns,
      allowSideEffects: Boolean(flags.allowSideEffects),
    }),
  );
  printRunResult(io, flags.json, result);
}

function registerListAndShow(io: CliIo, sub: Sub, run: RunInKit) {
  sub('list', 'List runs, newest first')
    .option('--taskset <id>', 'only the runs of this taskset version')
    .option('--limit <n>', 'at most this many', parseIntegerOption, 50)
    .action(async (_: unknown, command: Command) => {
      const flags = subFlags<WorkspaceFlags & { taskset?: string; limit: number }>(command);
      const runs = await run(flags, 'run-list', (ctx) =>
        listTasksetRuns(ctx, { tasksetId: flags.taskset, limit: flags.limit }),
      );
      printResult(io, flags.json, runs, () =>
        formatTable(runs, [
          { header: 'id', value: (r) => r.id },
          { header: 'status', value: (r) => r.status },
          { header: 'rollouts', value: (r) => `${r.progress.done}/${r.progress.planned}` },
          { header: 'score', value: (r) => score(r.summary.meanScore) },
          { header: 'cost', value: (r) => `$${r.costUsd.toFixed(4)}` },
          { header: 'version', value: (r) => r.agentVersionId ?? '(prompt)' },
        ]),
      );
    });

  sub('show', 'A run with its results per task')
    .argument('<id>', 'run id')
    .action(async (id: string, _: unknown, command: Command) => {
      const flags = subFlags<WorkspaceFlags>(command);
      const result = await run(flags, 'run-show', async (ctx) => ({
        run: await toTasksetRunView(ctx, await getTasksetRunOrThrow(ctx, id)),
        tasks: await listTasksetRunResults(ctx, id),
      }));
      printRunResult(io, flags.json, result);
    });
}

function registerCancelAndResume(io: CliIo, sub: Sub, run: RunInKit) {
  sub('cancel', 'Cancel a queued or running run (finished rollouts are kept)')
    .argument('<id>', 'run id')
    .action(async (id: string, _: unknown, command: Command) => {
      const flags = subFlags<WorkspaceFlags>(command);
      const view = await run(flags, 'run-cancel', (ctx) => cancelTasksetRun(ctx, id));
      printResult(io, flags.json, view, () => `run ${view.id} ${view.status}\n`);
    });

  sub('resume', 'Resume a cancelled, stopped or failed run here: only unfinished rollouts run')
    .argument('<id>', 'run id')
    .option('--max-cost <usd>', 'a new cost ceiling (a stopped run needs a higher one)')
    .action(async (id: string, _: unknown, command: Command) => {
      const flags = subFlags<WorkspaceFlags & { maxCost?: string }>(command);
      const result = await runHere(io, flags, 'run-resume', (ctx) =>
        resumeTasksetRun(
          ctx,
          id,
          flags.maxCost === undefined ? {} : { maxCostUsd: Number(flags.maxCost) },
        ),
      );
      printRunResult(io, flags.json, result);
    });
}

function registerCompare(io: CliIo, sub: Sub, run: RunInKit) {
  sub('compare', 'Compare two runs per task (b - a) with exact paired tests')
    .argument('<a>', 'run id (baseline)')
    .argument('<b>', 'run id')
    .action(async (a: string, b: string, _: unknown, command: Command) => {
      const flags = subFlags<WorkspaceFlags>(command);
      const result = await run(flags, 'run-compare', (ctx) => compareTasksetRuns(ctx, { a, b }));
      const t = result.test;
      printResult(
        io,
        flags.json,
        result,
        () =>
          formatTable(result.tasks, [
            { header: 'task', value: (r) => r.taskId },
            { header: 'a', value: (r) => score(r.a) },
            { header: 'b', value: (r) => score(r.b) },
            { header: 'b - a', value: (r) => score(r.difference) },
          ]) +
          `${t.n} pairs: b better on ${t.wins}, worse on ${t.losses}, tied on ${t.ties}; mean difference ${t.meanDifference.toFixed(3)}\n` +
          `sign test p = ${t.signTestP.toPrecision(3)}; permutation test p = ${t.permutationP.toPrecision(3)} (${t.permutationMethod})\n`,
      );
    });
}

type RunResult = { run: TasksetRunView; tasks: TaskResultView[] };

/**
 * Queues a run (new or resumed) with `queue` and executes its job in this process, with the Pyodide
 * sandbox for the agent's evals (unless IOFOLD_SANDBOX=off), printing progress to stderr.
 */
async function runHere(
  io: CliIo,
  flags: WorkspaceFlags,
  command: string,
  queue: (ctx: Ctx) => Promise<TasksetRunView>,
): Promise<RunResult> {
  const config = localConfigFromFlags(io, flags, command);
  return withDatabase(config, async (handle) => {
    const overrides: Partial<Deps> = { llmEnv: config.llmEnv };
    if (io.env.IOFOLD_SANDBOX !== 'off') {
      const { createPyodideSandbox } = await import('@/sandbox/pyodide-sandbox.node.js');
      overrides.sandbox = createPyodideSandbox();
    }
    const deps = cliDeps(handle.db, overrides);
    try {
      const ctx = await resolveWorkspaceCtx(deps, flags.workspace, command);
      const queued = await queue(ctx);
      io.err(`run ${queued.id} (job ${queued.jobId})\n`);
      let last = '';
      await runJobHere(ctx, queued.jobId ?? '', {
        progress: (p) => {
          const line = `${p.done}/${p.total} ${p.message ?? ''}`;
          if (line !== last) {
            last = line;
            io.err(io.interactive ? `\r\x1b[2K${line}` : `${line}\n`);
          }
        },
        log: (line) => io.err(`\n  ${line}\n`),
      }).catch((error: unknown) => {
        io.err('\n');
        throw error;
      });
      if (io.interactive) {
        io.err('\n');
      }
      const view = await toTasksetRunView(ctx, await getTasksetRunOrThrow(ctx, queued.id));
      return { run: view, tasks: await listTasksetRunResults(ctx, queued.id) };
    } finally {
      await deps.sandbox.close();
    }
  });
}

function printRunResult(io: CliIo, json: boolean | undefined, result: RunResult) {
  printResult(
    io,
    json,
    result,
    () =>
      `run ${result.run.id} ${result.run.status}: ${result.run.summary.rolloutsDone ?? 0}/${result.run.progress.planned} rollouts, mean score ${score(result.run.summary.meanScore)}, $${result.run.costUsd.toFixed(4)}\n` +
      formatTable(result.tasks, [
        { header: 'task', value: (t) => t.externalId ?? t.taskId },
        { header: 'score', value: (t) => score(t.score) },
        { header: 'rollouts', value: (t) => t.rollouts.map((r) => r.status).join(',') },
        { header: 'traces', value: (t) => t.rollouts.map((r) => r.traceId ?? '-').join(',') },
      ]),
  );
}

/**
 * `iofold run` has options of its own, and commander gives it those written after a subcommand's
 * name too (`iofold run show ID --json`): hand the ones given on the command line to the subcommand.
 */
function subFlags<T>(command: Command): T {
  const flags: Record<string, unknown> = { ...command.opts() };
  const parent = command.parent;
  for (const [key, value] of Object.entries(parent?.opts() ?? {})) {
    if (parent?.getOptionValueSource(key) === 'cli') {
      flags[key] = value;
    }
  }
  return flags as T;
}
