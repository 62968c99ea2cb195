import { type Command, InvalidArgumentError } from 'commander';
import { JOB_STATUSES } from '@/db/schema';
import type { CliBackend, JobJson } from '../backend/cli-backend';
import { addBackendOptions, type BackendFlags, withBackend } from '../backend/with-backend';
import type { CliIo } from '../cli-io';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { assertSucceeded, statusLine, watchJob } from '../watch-job';

type ListFlags = BackendFlags & { status?: JobJson['status']; limit: number; cursor?: string };

const parseStatus = (value: string) => {
  if (!(JOB_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${JOB_STATUSES.join(', ')}`);
  }
  return value as JobJson['status'];
};

const percent = (job: JobJson) =>
  job.progress && job.progress.total > 0
    ? `${Math.round(job.progress.percent)}% ${job.progress.done}/${job.progress.total}`
    : '-';

export function registerJobsCommand(program: Command, io: CliIo) {
  const group = program
    .command('jobs')
    .description('Background jobs (eval runs, generation, imports): list, watch, cancel, retry')
    .addHelpText(
      'after',
      examplesText([
        'iofold jobs list --workspace demo --status running',
        'iofold jobs watch JOB_ID --workspace demo',
        'iofold jobs retry JOB_ID --workspace demo',
      ]),
    );

  addBackendOptions(group.command('list'))
    .description('List jobs, newest first')
    .option('--status <status>', `only jobs in this state: ${JOB_STATUSES.join(', ')}`, parseStatus)
    .option('--limit <n>', 'page size (1-200)', parseIntegerOption, 20)
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .action(async (flags: ListFlags) => {
      const page = await withBackend(io, flags, 'jobs-list', (backend) =>
        backend.listJobs({ status: flags.status, limit: flags.limit, cursor: flags.cursor }),
      );
      printResult(io, flags.json, page, () =>
        formatTable(page.data, [
          { header: 'id', value: (j) => j.id },
          { header: 'type', value: (j) => j.type },
          { header: 'status', value: (j) => j.status },
          { header: 'progress', value: percent },
          { header: 'attempts', value: (j) => `${j.attempts}/${j.maxAttempts}` },
          { header: 'created', value: (j) => j.createdAt.slice(0, 19).replace('T', ' ') },
          { header: 'error', value: (j) => j.error?.message, maxWidth: 50 },
        ]),
      );
      if (!flags.json && page.nextCursor) {
        io.err(`more: add --cursor ${page.nextCursor}\n`);
      }
    });

  addBackendOptions(group.command('watch'))
    .description(
      'Follow a job until it ends (default: the newest running or queued one); the exit code says how it ended',
    )
    .argument('[id]', 'job id (see iofold jobs list)')
    .addHelpText(
      'after',
      examplesText([
        'iofold jobs watch JOB_ID --workspace demo',
        'iofold jobs watch --workspace demo && echo done',
      ]),
    )
    .action(async (id: string | undefined, flags: BackendFlags) => {
      const job = await withBackend(io, flags, 'jobs-watch', async (backend) => {
        const target = id ?? (await newestUnfinished(backend));
        return target ? watchJob(io, backend, target) : null;
      });
      if (!job) {
        io.err('nothing to watch: no running or queued job\n');
        return;
      }
      printResult(io, flags.json, job, () => `${statusLine(job)}\n`);
      assertSucceeded(job);
    });

  const change = (name: 'cancel' | 'retry', description: string) =>
    addBackendOptions(group.command(name))
      .description(description)
      .argument('<id>', 'job id')
      .action(async (id: string, flags: BackendFlags) => {
        const job = await withBackend(io, flags, `jobs-${name}`, (backend) =>
          name === 'cancel' ? backend.cancelJob(id) : backend.retryJob(id),
        );
        printResult(io, flags.json, job, () => `${statusLine(job)}\n`);
      });
  change(
    'cancel',
    'Cancel a job: a queued one at once, a running one as soon as it checks (CONFLICT if it already ended)',
  );
  change('retry', 'Queue a failed or cancelled job again with three more attempts');
}

async function newestUnfinished(backend: CliBackend) {
  for (const status of ['running', 'queued'] as const) {
    const [job] = (await backend.listJobs({ status, limit: 1 })).data;
    if (job) {
      return job.id;
    }
  }
  return null;
}
