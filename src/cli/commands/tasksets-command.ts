import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '@/core/errors';
import { onePage } from '@/core/page';
import { createTasksetFromTraces } from '@/optimize/tasksets/create-taskset-from-traces';
import { splitTaskset } from '@/optimize/tasksets/edit-taskset';
import { importTau2Taskset } from '@/optimize/tasksets/import-tau2-taskset';
import { getTaskset, listTasksets, listTasksetTasks } from '@/optimize/tasksets/list-tasksets';
import type { TasksetView } from '@/optimize/tasksets/taskset-views';
import type { CliIo } from '../cli-io';
import { pickAgentId } from '../evals-queries';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import {
  type WorkspaceFlags,
  type WorkspaceKit,
  workspaceCommandKit,
} from './workspace-command-kit';

type AgentFlags = WorkspaceFlags & { agent?: string };
const splits = (t: TasksetView) =>
  `train ${t.splitCounts.train} / val ${t.splitCounts.val} / test ${t.splitCounts.test}${t.splitCounts.none ? ` / none ${t.splitCounts.none}` : ''}`;
const describe = (t: TasksetView) =>
  `taskset ${t.id} "${t.name}" v${t.version}: ${t.taskCount} tasks (${splits(t)})\n`;

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('VALIDATION', `${what} ${file}: ${(error as Error).message}`);
  }
}

export function registerTasksetsCommand(program: Command, io: CliIo) {
  const group = program
    .command('tasksets')
    .description('Tasksets: make one from traces or a tau2 file, split it, list, show')
    .addHelpText(
      'after',
      examplesText([
        'iofold tasksets create regressions --from-filter --label negative --per-cluster --split-seed 1 --workspace demo',
        'iofold tasksets import-tau2 airline --tasks tasks.json --split split_tasks.json --workspace demo',
        'iofold tasksets split TASKSET_ID --seed 2 --workspace demo',
      ]),
    );
  const kit = workspaceCommandKit(io, group);
  listCommand(kit);
  showCommand(kit);
  createCommand(kit);
  importTau2Command(kit);
  splitCommand(kit);
}

function listCommand({ io, sub, run }: WorkspaceKit) {
  sub('list', 'Tasksets (each one latest version)')
    .option('--agent <id>', 'only this agent')
    .action(async (flags: AgentFlags) => {
      const rows = await run(flags, 'tasksets-list', (ctx) =>
        listTasksets(ctx, { agentId: flags.agent }),
      );
      printResult(io, flags.json, onePage(rows), () =>
        formatTable(rows, [
          { header: 'id', value: (t) => t.id },
          { header: 'name', value: (t) => `${t.name} v${t.version}` },
          { header: 'source', value: (t) => t.source },
          { header: 'tasks', value: (t) => String(t.taskCount) },
          { header: 'splits', value: splits },
        ]),
      );
    });
}

function showCommand({ io, sub, run }: WorkspaceKit) {
  sub('show', 'A taskset version and its tasks with their splits')
    .argument('<id>', 'taskset id')
    .action(async (id: string, flags: WorkspaceFlags) => {
      const shown = await run(flags, 'tasksets-show', async (ctx) => ({
        ...(await getTaskset(ctx, id)),
        tasks: await listTasksetTasks(ctx, id, {}),
      }));
      printResult(
        io,
        flags.json,
        shown,
        () =>
          describe(shown.taskset) +
          formatTable(shown.tasks, [
            { header: 'id', value: (t) => t.id },
            { header: 'split', value: (t) => t.split ?? '-' },
            { header: 'external', value: (t) => t.externalId ?? '-' },
            { header: 'task', value: (t) => t.title.slice(0, 70) },
          ]),
      );
    });
}

function createCommand({ io, sub, run }: WorkspaceKit) {
  sub('create', "Make a taskset from an agent's tasks whose traces match a filter")
    .argument('<name>', 'taskset name')
    .requiredOption('--from-filter', 'take the tasks of the traces matching the filter options')
    .option('--agent <id>', 'agent id (default: the agent with the most traces)')
    .option('--label <label>', 'positive, negative, neutral or unlabelled')
    .option('--from <iso>', 'traces started at or after this time')
    .option('--to <iso>', 'traces started before this time')
    .option('--errors', 'only traces with errors')
    .option('--per-cluster', 'one task per cluster (runs of one task), negatives first')
    .option('--limit <n>', 'at most this many tasks', parseIntegerOption)
    .option('--split-seed <n>', 'split into train / val / test with this seed', parseIntegerOption)
    .action(
      async (
        name: string,
        flags: AgentFlags & {
          label?: 'positive';
          from?: string;
          to?: string;
          errors?: boolean;
          perCluster?: boolean;
          limit?: number;
          splitSeed?: number;
        },
      ) => {
        const result = await run(flags, 'tasksets-create', async (ctx) =>
          createTasksetFromTraces(ctx, {
            agentId: await pickAgentId(ctx, flags.agent),
            name,
            filter: {
              label: flags.label,
              from: flags.from,
              to: flags.to,
              ...(flags.errors ? { hasErrors: true } : {}),
            },
            perCluster: Boolean(flags.perCluster),
            limit: flags.limit,
            ...(flags.splitSeed === undefined ? {} : { split: { seed: flags.splitSeed } }),
          }),
        );
        printResult(io, flags.json, result, () => describe(result.taskset));
      },
    );
}

function importTau2Command({ io, sub, run }: WorkspaceKit) {
  sub('import-tau2', 'Import a tau2 tasks.json (and split_tasks.json), keeping ids and splits')
    .argument('<name>', 'taskset name')
    .requiredOption('--tasks <file>', 'tau2 tasks.json')
    .option('--split <file>', 'tau2 split_tasks.json')
    .option('--agent <id>', 'agent id (default: the agent with the most traces)')
    .action(async (name: string, flags: AgentFlags & { tasks: string; split?: string }) => {
      const tasks = readJson(flags.tasks, 'tasks file') as never;
      const splitFile = flags.split ? (readJson(flags.split, 'split file') as never) : undefined;
      const result = await run(flags, 'tasksets-import-tau2', async (ctx) =>
        importTau2Taskset(ctx, {
          agentId: await pickAgentId(ctx, flags.agent),
          name,
          tasks,
          ...(splitFile ? { splits: splitFile } : {}),
        }),
      );
      printResult(
        io,
        flags.json,
        result,
        () =>
          describe(result.taskset) +
          (result.duplicates.length ? `${result.duplicates.length} duplicates not added\n` : ''),
      );
    });
}

function splitCommand({ io, sub, run }: WorkspaceKit) {
  sub(
    'split',
    'Split into train / val / test with a seed (clusters kept whole; 422 under 3 train tasks)',
  )
    .argument('<id>', 'taskset id')
    .requiredOption('--seed <n>', 'seed', parseIntegerOption)
    .option('--val <n>', 'validation tasks', parseIntegerOption)
    .option('--test <n>', 'test tasks', parseIntegerOption)
    .action(
      async (id: string, flags: WorkspaceFlags & { seed: number; val?: number; test?: number }) => {
        const view = await run(flags, 'tasksets-split', (ctx) =>
          splitTaskset(ctx, id, { seed: flags.seed, val: flags.val, test: flags.test }),
        );
        printResult(io, flags.json, view, () => describe(view));
      },
    );
}
