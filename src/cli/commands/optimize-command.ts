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
import { getGepaRunDetail } from '@/optimize/gepa/run/review-agreement';
import type { CliIo } from '../cli-io';
import { pickAgentId } from '../evals-queries';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { runJobHere } from '../run-job-here';
import { describeGepaRun as describe } from './describe-gepa-run';
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
  runByIdCommand(
    kit,
    'show',
    "A run: candidates (the tree), budget, the test-split report and the reward evals' agreement with the review labels",
    getGepaRunDetail,
  );
  runByIdCommand(
    kit,
    'cancel',
    'Cancel a run at the next stage boundary (its best is kept)',
    cancelGepaRun,
  );
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
    .option(
      '--shadow <names>',
      'comma-separated active evals to score beside the reward, kept out of it (shadow evals)',
    )
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
          shadow?: string;
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
            ...(flags.shadow
              ? {
                  shadowEvals: flags.shadow
                    .split(',')
                    .map((n) => n.trim())
                    .filter(Boolean),
                }
              : {}),
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

/** A subcommand that acts on one run by id and prints the run it answers. */
function runByIdCommand(
  { io, sub, run }: WorkspaceKit,
  name: string,
  description: string,
  act: (ctx: Ctx, id: string) => Promise<Parameters<typeof describe>[0]>,
) {
  sub(name, description)
    .argument('<id>', 'gepa run id')
    .action(async (id: string, flags: WorkspaceFlags) => {
      const result = await run(flags, `optimize-${name}`, (ctx) => act(ctx, id));
      printResult(io, flags.json, result, () => describe(result));
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
