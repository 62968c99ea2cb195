import { AppError, ERROR_CODES, type ErrorCode } from '@/core/errors';
import type { CliBackend, JobJson } from './backend/cli-backend';
import type { CliIo } from './cli-io';
import { readSse } from './read-sse';

const TERMINAL = new Set<JobJson['status']>(['succeeded', 'failed', 'cancelled']);
export const isFinished = (job: JobJson) => TERMINAL.has(job.status);

/**
 * Follows a job until it ends, redrawing one status line on stderr (a new line per change when
 * stderr is not a terminal). Reconnects when the event stream ends early.
 */
export async function watchJob(io: CliIo, backend: CliBackend, id: string): Promise<JobJson> {
  let job = await backend.getJob(id);
  let last = '';
  const draw = () => {
    const text = statusLine(job);
    if (text !== last) {
      last = text;
      io.err(io.interactive ? `\r\x1b[2K${text}` : `${text}\n`);
    }
  };
  draw();
  while (!isFinished(job)) {
    const controller = new AbortController();
    try {
      const stream = await backend.jobEvents(id, controller.signal);
      for await (const event of readSse(stream)) {
        job = applyEvent(job, event.event, JSON.parse(event.data) as Record<string, unknown>);
        draw();
      }
    } finally {
      controller.abort();
    }
    job = await backend.getJob(id);
    draw();
    if (!isFinished(job)) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (io.interactive) {
    io.err('\r\x1b[2K');
  }
  return job;
}

/** A job that did not succeed becomes the error that sets the exit code (one line, as usual). */
export function assertSucceeded(job: JobJson): void {
  if (job.status === 'succeeded') {
    return;
  }
  if (job.status === 'cancelled') {
    throw new AppError('CONFLICT', `job ${job.id} was cancelled`);
  }
  const code = ERROR_CODES.includes(job.error?.code as ErrorCode)
    ? (job.error?.code as ErrorCode)
    : 'INTERNAL';
  throw new AppError(
    code,
    `job ${job.id} failed after ${job.attempts} attempt(s): ${job.error?.message ?? 'no error recorded'}`,
  );
}

export function statusLine(job: JobJson): string {
  const progress = job.progress;
  const parts = [`${job.id} ${job.type} ${job.status}`];
  if (progress && progress.total > 0) {
    const filled = Math.round((Math.min(100, progress.percent) / 100) * 20);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${Math.round(progress.percent)}% ${progress.done}/${progress.total}`,
    );
  }
  if (progress?.message && !isFinished(job)) {
    parts.push(progress.message.slice(0, 80));
  }
  if (job.status === 'failed' && job.error) {
    parts.push(`${job.error.code}: ${job.error.message.slice(0, 120)}`);
  }
  if (job.cancelRequested && job.status === 'running') {
    parts.push('(cancel requested)');
  }
  return parts.join('  ');
}

function applyEvent(job: JobJson, kind: string, data: Record<string, unknown>): JobJson {
  switch (kind) {
    case 'snapshot':
      return { ...job, ...(data as Partial<JobJson>) };
    case 'progress':
      return { ...job, status: 'running', progress: data as JobJson['progress'] };
    case 'log':
      return {
        ...job,
        progress: { percent: 0, done: 0, total: 0, ...job.progress, message: String(data.line) },
      };
    case 'started':
      return { ...job, status: 'running' };
    case 'retrying':
      return { ...job, status: 'queued' };
    case 'cancel_requested':
      return { ...job, cancelRequested: true };
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return { ...job, status: kind };
    default:
      return job;
  }
}
