import type { Command } from 'commander';
import { onePage } from '@/core/page';
import { createTask } from '@/optimize/tasks/create-task';
import { getTask } from '@/optimize/tasks/get-task';
import type { IndexTasksResult } from '@/optimize/tasks/index-tasks';
import { listSimilarTraces } from '@/optimize/tasks/list-similar-traces';
import { listTaskClusters } from '@/optimize/tasks/list-task-clusters';
import { listTasks } from '@/optimize/tasks/list-tasks';
import { requestTaskIndex } from '@/optimize/tasks/request-task-index';
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

type AgentFlags = WorkspaceFlags & { agent?: string };
const labels = (c: { positive: number; negative: number; neutral: number }) =>
  `+${c.positive} -${c.negative}${c.neutral ? ` ~${c.neutral}` : ''}`;

export function registerTasksCommand(program: Command, io: CliIo) {
  const group = program
    .command('tasks')
    .description('Tasks from traces: extract, list, clusters, similar traces, add by hand')
    .addHelpText(
      'after',
      examplesText([
        'iofold tasks extract --workspace demo',
        'iofold tasks clusters --workspace demo',
        'iofold tasks show TASK_ID --workspace demo',
        'iofold tasks add "Cancel my booking R1" --workspace demo',
      ]),
    );
  const kit = workspaceCommandKit(io, group);
  extractCommand(kit);
  listCommand(kit);
  clustersCommand(kit);
  showCommand(kit);
  similarCommand(kit);
  addCommand(kit);
}

function extractCommand({ io, sub, run }: WorkspaceKit) {
  sub(
    'extract',
    'Extract tasks, similar traces, clusters and labelled runs from traces (a tasks.index job)',
  )
    .option('--agent <id>', 'only this agent')
    .option('--full', 'read every trace again, not only new or changed ones')
    .action(async (flags: AgentFlags & { full?: boolean }) => {
      const result = await run(flags, 'tasks-extract', async (ctx) => {
        const { jobId } = await requestTaskIndex(ctx, { agentId: flags.agent, full: flags.full });
        io.err(`job ${jobId}\n`);
        return (await runJobHere(ctx, jobId)).result as IndexTasksResult;
      });
      printResult(io, flags.json, result, () =>
        [
          `${result.traces} traces read: ${result.tasksCreated} tasks new, ${result.tasksUpdated} updated`,
          `${result.duplicateCount} duplicates reported, ${result.skippedCount} traces skipped${result.skipped[0] ? ` (${result.skipped[0].reason}…)` : ''}`,
          `${result.tracesRanked} traces ranked, ${result.clusters} clusters, ${result.feedbackPairs} task-feedback pairs`,
          '',
        ].join('\n'),
      );
    });
}

function listCommand({ io, sub, run }: WorkspaceKit) {
  sub('list', 'List tasks, newest first')
    .option('--agent <id>', 'only this agent')
    .option('--cluster <id>', 'only this cluster')
    .option('--label <label>', 'positive, negative, neutral or unlabelled (the source trace)')
    .option('--limit <n>', 'at most this many (1-500)', parseIntegerOption, 50)
    .action(async (flags: AgentFlags & { cluster?: string; label?: string; limit: number }) => {
      const page = await run(flags, 'tasks-list', (ctx) =>
        listTasks(ctx, {
          agentId: flags.agent,
          clusterId: flags.cluster,
          label: flags.label as 'positive' | undefined,
          limit: flags.limit,
        }),
      );
      printResult(io, flags.json, page, () =>
        formatTable(page.data, [
          { header: 'id', value: (t) => t.id },
          { header: 'cluster', value: (t) => t.clusterId ?? '-' },
          { header: 'label', value: (t) => t.label ?? '-' },
          { header: 'labelled runs', value: (t) => labels(t.labelCounts) },
          { header: 'task', value: (t) => t.title.slice(0, 70) },
        ]),
      );
    });
}

function clustersCommand({ io, sub, run }: WorkspaceKit) {
  sub('clusters', "An agent's clusters of one task, largest first")
    .option('--agent <id>', 'agent id (default: the agent with the most traces)')
    .action(async (flags: AgentFlags) => {
      const rows = await run(flags, 'tasks-clusters', async (ctx) =>
        listTaskClusters(ctx, { agentId: await pickAgentId(ctx, flags.agent) }),
      );
      printResult(io, flags.json, onePage(rows), () =>
        formatTable(rows, [
          { header: 'cluster', value: (c) => c.clusterId },
          { header: 'runs', value: (c) => String(c.size) },
          { header: 'labels', value: (c) => labels(c.labelCounts) },
          { header: 'task', value: (c) => c.title.slice(0, 70) },
        ]),
      );
    });
}

function showCommand({ io, sub, run }: WorkspaceKit) {
  sub('show', 'A task with its similar traces and labelled runs')
    .argument('<id>', 'task id')
    .action(async (id: string, flags: WorkspaceFlags) => {
      const detail = await run(flags, 'tasks-show', (ctx) => getTask(ctx, id));
      printResult(io, flags.json, detail, () =>
        [
          `${detail.task.id} (${detail.task.kind}, cluster ${detail.task.clusterId ?? '-'})`,
          ...detail.task.userTurns.map((t, i) => `  user ${i + 1}: ${t.slice(0, 200)}`),
          'similar traces:',
          ...detail.similar.map(
            (s) =>
              `  ${s.rank}. ${s.traceId} ${s.score.toFixed(2)} ${s.label ?? ''} ${s.title ?? ''}`,
          ),
          'labelled runs:',
          ...detail.feedback.map(
            (f) => `  ${f.relation} ${f.traceId} ${f.label ?? ''} ${f.notes.join(' / ')}`,
          ),
          '',
        ].join('\n'),
      );
    });
}

function similarCommand({ io, sub, run }: WorkspaceKit) {
  sub('similar', "A trace's top-10 similar traces")
    .argument('<traceId>', 'trace id')
    .action(async (traceId: string, flags: WorkspaceFlags) => {
      const rows = await run(flags, 'tasks-similar', (ctx) => listSimilarTraces(ctx, traceId));
      printResult(io, flags.json, onePage(rows), () =>
        formatTable(rows, [
          { header: 'rank', value: (s) => String(s.rank) },
          { header: 'trace', value: (s) => s.traceId },
          { header: 'score', value: (s) => s.score.toFixed(3) },
          { header: 'label', value: (s) => s.label ?? '-' },
          { header: 'task', value: (s) => (s.title ?? '').slice(0, 60) },
        ]),
      );
    });
}

function addCommand({ io, sub, run }: WorkspaceKit) {
  sub('add', 'Write a task by hand (a duplicate of one the agent has is reported, not added)')
    .argument('<message>', "the user's first message")
    .option('--agent <id>', 'agent id (default: the agent with the most traces)')
    .option('--turn <text...>', 'further user turns, in order')
    .action(async (message: string, flags: AgentFlags & { turn?: string[] }) => {
      const result = await run(flags, 'tasks-add', async (ctx) =>
        createTask(ctx, {
          agentId: await pickAgentId(ctx, flags.agent),
          userMessage: message,
          ...(flags.turn ? { userTurns: [message, ...flags.turn] } : {}),
        }),
      );
      printResult(io, flags.json, result, () =>
        result.created
          ? `added task ${result.task.id}\n`
          : `not added: the agent already has this task (${result.duplicateOf})\n`,
      );
    });
}
