import type { Command } from 'commander';
import type { Ctx } from '@/core/context';
import { onePage } from '@/core/page';
import { cancelGepaRun, resumeGepaRun } from '@/optimize/gepa/run/control-gepa-run';
import { createGepaRun } from '@/optimize/gepa/run/create-gepa-run';
import {
  type GepaRunView,
  getGepaRunOrThrow,
  toGepaRunView,
} from '@/optimize/gepa/run/gepa-run-views';
import { listGepaRuns } from '@/optimize/gepa/run/list-gepa-runs';
import type { CliIo } from '../cli-io';
import { pickAgentId } from '../evals-queries';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { runJobHere } from '../run-job-here';
import {
  type WorkspaceFlags,
  type WorkspaceKit,
  workspaceCommandKit,
} from './workspace-command-kit';

type WaitFlags = WorkspaceFlags & { wait?: boolean };

/** Runs the run's stage jobs in this process, one after another, until the run stops. */
async function runStagesHere(ctx: Ctx, io: CliIo, id: string): Promise<GepaRunView> {
  for (;;) {
    const run = await getGepaRunOrThrow(ctx, id);
    if (!['queued', 'running'].includes(run.status) || !run.jobId) {
      return toGepaRunView(run);
    }
    const view = toGepaRunView(run);
    io.err(
      `iteration ${view.iteration}, ${view.stage}: ${view.usedRollouts}/${view.budgetRollouts} rollouts, ${view.candidates.length} candidates\n`,
    );
    await runJobHere(ctx, run.jobId, { log: (line) => io.err(`  ${line}\n`) });
  }
}

function describe(run: GepaRunView): string {
  const lines = [
    `gepa run ${run.id}: ${run.status}, stage ${run.stage}${run.stopReason ? ` (stopped: ${run.stopReason})` : ''}`,
    `${run.usedRollouts}/${run.budgetRollouts} rollouts, ${run.iterations} iterations, ${run.candidates.length} candidates; reflection ${run.reflection.calls} calls, $${run.reflection.usd.toFixed(4)}`,
    ...run.candidates.map(
      (c) =>
        `  #${c.index}${c.parents.length ? ` <- ${c.parents.map((p) => `#${p}`).join(', ')}` : ' (seed)'}: val ${c.valAverage.toFixed(3)}${c.index === run.best ? '  best' : ''}`,
    ),
  ];
  const report = run.testReport as {
    test?: {
      n: number;
      meanSeed: number;
      meanWinner: number;
      wins: number;
      losses: number;
      signTestP: number;
    } | null;
    candidateVersionId?: string | null;
    reviewQueueId?: string | null;
  } | null;
  if (report?.test) {
    const t = report.test;
    lines.push(
      `test split (${t.n} tasks): seed ${t.meanSeed.toFixed(3)} -> winner ${t.meanWinner.toFixed(3)}; ${t.wins} better, ${t.losses} worse; sign test p = ${t.signTestP.toPrecision(3)}`,
    );
  }
  if (report?.candidateVersionId) {
    lines.push(`candidate version ${report.candidateVersionId} (not active; review, then promote)`);
  }
  if (report?.reviewQueueId) {
    lines.push(`review queue ${report.reviewQueueId}`);
  }
  if (run.error) {
    lines.push(`error: ${run.error}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerOptimizeCommand(program: Command, io: CliIo) {
  const group = program
    .command('optimize')
    .description("GEPA: optimise an agent's prompt with its aligned evals as reward")
    .addHelpText(
      'after',
      examplesText([
        'iofold optimize start --taskset TASKSET_ID --budget 200 --workspace demo',
        'iofold optimize show RUN_ID --workspace demo',
        'iofold optimize resume RUN_ID --workspace demo',
      ]),
    );
  const kit = workspaceCommandKit(io, group);
  startCommand(kit);
  listCommand(kit);
  showCommand(kit);
  cancelCommand(kit);
  resumeCommand(kit);
}

function startCommand({ io, sub, run }: WorkspaceKit) {
  sub('start', 'Start a GEPA run and run its stages here (--no-wait: leave them to a server)')
    .requiredOption('--taskset <id>', 'taskset (its split, or a seeded one)')
    .requiredOption('--budget <n>', 'hard cap in rollouts', parseIntegerOption)
    .option('--agent <id>', 'agent id (default: the agent with the most traces)')
    .option('--version <id>', "the seed version (default: the agent's active version)")
    .option('--seed <n>', 'random seed (split and engine)', parseIntegerOption)
    .option('--minibatch <n>', 'minibatch size (default 3)', parseIntegerOption)
    .option('--model <id>', 'model the rollouts run on')
    .option('--reflection-model <id>', 'model that writes new prompts')
    .option('--no-wait', 'queue the run and return')
    .action(
      async (
        flags: WaitFlags & {
          taskset: string;
          budget: number;
          agent?: string;
          version?: string;
          seed?: number;
          minibatch?: number;
          model?: string;
          reflectionModel?: string;
        },
      ) => {
        const result = await run(flags, 'optimize-start', async (ctx) => {
          const created = await createGepaRun(ctx, {
            agentId: await pickAgentId(ctx, flags.agent),
            tasksetId: flags.taskset,
            budgetRollouts: flags.budget,
            ...(flags.version ? { agentVersionId: flags.version } : {}),
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            ...(flags.minibatch === undefined ? {} : { minibatchSize: flags.minibatch }),
            ...(flags.model ? { model: flags.model } : {}),
            ...(flags.reflectionModel ? { reflectionModel: flags.reflectionModel } : {}),
          });
          io.err(`gepa run ${created.id} queued\n`);
          return flags.wait === false ? created : runStagesHere(ctx, io, created.id);
        });
        printResult(io, flags.json, result, () => describe(result));
      },
    );
}

function listCommand({ io, sub, run }: WorkspaceKit) {
  sub('list', 'GEPA runs, newest first')
    .option('--agent <id>', 'only this agent')
    .action(async (flags: WorkspaceFlags & { agent?: string }) => {
      const rows = await run(flags, 'optimize-list', async (ctx) =>
        (await listGepaRuns(ctx, { agentId: flags.agent })).map(toGepaRunView),
      );
      printResult(io, flags.json, onePage(rows), () =>
        formatTable(rows, [
          { header: 'id', value: (r) => r.id },
          { header: 'status', value: (r) => r.status },
          { header: 'stage', value: (r) => r.stage },
          { header: 'rollouts', value: (r) => `${r.usedRollouts}/${r.budgetRollouts}` },
          { header: 'candidates', value: (r) => String(r.candidates.length) },
        ]),
      );
    });
}

function showCommand({ io, sub, run }: WorkspaceKit) {
  sub('show', 'A run: candidates (the tree), budget and the test-split report')
    .argument('<id>', 'gepa run id')
    .action(async (id: string, flags: WorkspaceFlags) => {
      const shown = await run(flags, 'optimize-show', async (ctx) =>
        toGepaRunView(await getGepaRunOrThrow(ctx, id)),
      );
      printResult(io, flags.json, shown, () => describe(shown));
    });
}

function cancelCommand({ io, sub, run }: WorkspaceKit) {
  sub('cancel', 'Cancel a run at the next stage boundary (its best is kept)')
    .argument('<id>', 'gepa run id')
    .action(async (id: string, flags: WorkspaceFlags) => {
      const done = await run(flags, 'optimize-cancel', (ctx) => cancelGepaRun(ctx, id));
      printResult(io, flags.json, done, () => describe(done));
    });
}

function resumeCommand({ io, sub, run }: WorkspaceKit) {
  sub('resume', 'Resume a cancelled, paused or failed run and run its stages here')
    .argument('<id>', 'gepa run id')
    .option('--no-wait', 'queue the run and return')
    .action(async (id: string, flags: WaitFlags) => {
      const result = await run(flags, 'optimize-resume', async (ctx) => {
        const queued = await resumeGepaRun(ctx, id);
        return flags.wait === false ? queued : runStagesHere(ctx, io, id);
      });
      printResult(io, flags.json, result, () => describe(result));
    });
}
