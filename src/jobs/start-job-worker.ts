import { eq, min } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { jobs } from '@/db/schema';
import { claimNextJob, fairnessFor } from './claim-job';
import type { JobHandlers } from './job-handler';
import { reclaimExpiredJobs } from './reclaim-expired-jobs';
import type { RetryPolicy } from './retry-delay';
import { runClaimedJob } from './run-claimed-job';

export type JobWorkerOptions = {
  handlers: JobHandlers;
  /** Jobs running at once in this worker. */
  concurrency?: number;
  /**
   * Slots beyond `concurrency`, each for a job of a workspace that runs none, so a workspace does
   * not wait for another's job to reach its next page (default half of `concurrency`, at least 1).
   */
  reserve?: number;
  /**
   * Most jobs running at once per workspace, across all workers on the database. Whatever it is,
   * a workspace gets at most half of `concurrency` while another workspace has a job waiting, and
   * all but one slot otherwise.
   */
  workspaceLimit?: number;
  leaseMs?: number;
  /** Longest sleep when idle: picks up jobs enqueued by other processes and expired leases. */
  pollMs?: number;
  retry?: RetryPolicy;
};

export type JobWorker = {
  readonly id: string;
  activeCount(): number;
  /** Stops claiming, waits up to `drainMs` for running jobs; unfinished ones are reclaimed later. */
  stop(drainMs?: number): Promise<void>;
};

/** The in-process worker loop of the Node host: woken by the event bus, never a busy DB poll. */
export function startJobWorker(deps: Deps, options: JobWorkerOptions): JobWorker {
  const id = deps.newId('wrk');
  const concurrency = options.concurrency ?? 4;
  const fairness = fairnessFor(concurrency, options.workspaceLimit);
  const slots = concurrency + (options.reserve ?? Math.max(1, Math.floor(concurrency / 2)));
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1000;
  const active = new Set<Promise<unknown>>();
  let running = true;
  let kicked = false;
  let wake: (() => void) | null = null;
  const kick = () => {
    kicked = true;
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const unsubscribe = deps.jobEvents.subscribe((event) => {
    if (event.kind === 'queued' || event.kind === 'retrying' || event.kind === 'cancel_requested') {
      kick();
    }
  });

  const start = (
    job: NonNullable<Awaited<ReturnType<typeof claimNextJob>>>,
    leaseToken: string,
  ) => {
    const run = runClaimedJob(deps, job, {
      handlers: options.handlers,
      leaseToken,
      leaseMs,
      retry: options.retry,
      fairness,
    })
      .catch((error: unknown) =>
        deps.log.error('job run crashed', { jobId: job.id, error: String(error) }),
      )
      .finally(() => {
        active.delete(run);
        kick();
      });
    active.add(run);
  };

  const nextDueInMs = async () => {
    const [row] = await deps.db
      .select({ next: min(jobs.runAt) })
      .from(jobs)
      .where(eq(jobs.status, 'queued'));
    const next = row?.next ? new Date(row.next).getTime() - deps.now().getTime() : pollMs;
    return Math.max(1, Math.min(pollMs, next));
  };

  const loop = async () => {
    let lastReclaim = 0;
    while (running) {
      kicked = false;
      try {
        if (Date.now() - lastReclaim >= pollMs) {
          lastReclaim = Date.now();
          await reclaimExpiredJobs(deps);
        }
        while (running && active.size < slots) {
          const leaseToken = `${id}:${deps.newId()}`;
          const job = await claimNextJob(deps.db, {
            leaseToken,
            leaseMs,
            now: deps.now(),
            fairness,
            firstOnly: active.size >= concurrency,
          });
          if (!job) {
            break;
          }
          start(job, leaseToken);
        }
        if (!running || kicked) {
          continue;
        }
        const delay = active.size >= concurrency ? pollMs : await nextDueInMs();
        if (kicked) {
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      } catch (error) {
        deps.log.error('job worker loop error', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    }
  };
  const done = loop();

  return {
    id,
    activeCount: () => active.size,
    async stop(drainMs = 5000) {
      running = false;
      unsubscribe();
      kick();
      await done;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...active]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, drainMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
