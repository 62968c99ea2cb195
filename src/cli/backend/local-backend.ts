import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { mapPage } from '@/core/page';
import { inWorkspace } from '@/db/in-workspace';
import { memberships, users } from '@/db/schema';
import { deleteFeedback } from '@/feedback/delete-feedback';
import { labelTrace } from '@/feedback/label-trace';
import { labellerOf } from '@/feedback/labeller-key';
import { listFeedback } from '@/feedback/list-feedback';
import { toJobDetailView, toJobView } from '@/jobs/api/job-views';
import { cancelJob } from '@/jobs/cancel-job';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { getJob } from '@/jobs/get-job';
import { listJobs } from '@/jobs/list-jobs';
import { retryJob } from '@/jobs/retry-job';
import { streamJobEvents } from '@/jobs/stream-job-events';
import { getTrace } from '@/traces/query/get-trace';
import { listTraces } from '@/traces/query/list-traces';
import { listEvals } from '../evals-queries';
import type { CliBackend } from './cli-backend';

/** How often `jobs watch` re-reads the job row: the server's events are not on this process's bus. */
const LOCAL_JOB_POLL_MS = 500;

/**
 * The services on the local database, in one workspace. Labels are written as a member of the
 * workspace (`as`: an email; default its oldest owner), like a person in the dashboard.
 */
export function createLocalBackend(ctx: Ctx, options: { as?: string } = {}): CliBackend {
  const asLabeller = async (): Promise<Ctx> => ({
    ...ctx,
    actor: { type: 'user', ...(await findLabeller(ctx, options.as)) },
  });
  return {
    mode: 'local',
    listTraces: (query) => listTraces(ctx, query),
    getTrace: (id) => getTrace(ctx, { id }),
    labelTrace: async (input) => labelTrace(await asLabeller(), input),
    clearLabel: async (traceId) => {
      const labeller = await asLabeller();
      await getTrace(ctx, { id: traceId });
      const key = labellerOf(labeller).key;
      const mine = (await listFeedback(ctx, { traceId, limit: 200 })).data.find(
        (f) => f.labeller.key === key,
      );
      if (mine) {
        await deleteFeedback(labeller, { id: mine.id });
      }
      return Boolean(mine);
    },
    listJobs: async (input) => mapPage(await listJobs(ctx, input), toJobView),
    getJob: async (id) => toJobDetailView(await getJob(ctx, { jobId: id })),
    cancelJob: async (id) => toJobView(await cancelJob(ctx, { jobId: id })),
    retryJob: async (id) => toJobView(await retryJob(ctx, { jobId: id })),
    jobEvents: (id, signal) =>
      streamJobEvents(
        { ...ctx, jobEvents: createJobEventBus({ local: false }) },
        { jobId: id, signal, pollMs: LOCAL_JOB_POLL_MS },
      ),
    getEval: async (id) => {
      const { getEvalOrThrow } = await import('@/evals/internal');
      const { toEvalVersionDetail } = await import('@/evals/api/eval-views');
      const { getEvalAgreement } = await import('@/evals/agreement/eval-agreement');
      const row = await getEvalOrThrow(ctx, id);
      return { ...toEvalVersionDetail(row), agreement: await getEvalAgreement(ctx, id) };
    },
    listEvals: async () =>
      (await listEvals(ctx)).map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
  };
}

async function findLabeller(ctx: Ctx, email?: string) {
  const rows = await ctx.db
    .select({ userId: users.id, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      inWorkspace(ctx, memberships, [
        email ? eq(users.email, email) : eq(memberships.role, 'owner'),
      ]),
    )
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  const [row] = rows;
  if (!row) {
    throw new AppError(
      email ? 'NOT_FOUND' : 'PRECONDITION_FAILED',
      email
        ? `${email} is not a member of this workspace`
        : 'this workspace has no owner to label as: start the server once (iofold serve) or pass --as EMAIL',
    );
  }
  return { userId: row.userId, role: row.role };
}
