import { z } from '@hono/zod-openapi';
import type { Page } from '@/core/page';
import { service } from '@/core/service';
import { eqWhenGiven } from '@/db/list-filters';
import { newestFirstPage } from '@/db/newest-first-page';
import { type Job, jobs } from '@/db/schema';
import { JOB_STATUSES } from '@/db/schema/constants';
import { JOB_TYPES, type JobType } from './contracts';

export const ListJobsInput = z
  .strictObject({
    status: z.enum(JOB_STATUSES).optional(),
    type: z.enum(JOB_TYPES as [JobType, ...JobType[]]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Opaque cursor from a previous page's `nextCursor`. */
    cursor: z.string().max(200).optional(),
  })
  .openapi('ListJobsQuery');
export type ListJobsInput = z.input<typeof ListJobsInput>;

export type JobPage = Page<Job>;

/** Newest first, keyset-paginated on (created_at, id). */
export const listJobs = service(ListJobsInput, async (ctx, parsed): Promise<JobPage> => {
  return newestFirstPage(
    ctx,
    ctx.db.select().from(jobs).$dynamic(),
    { table: jobs, time: jobs.createdAt, id: jobs.id },
    {
      ...parsed,
      filters: [eqWhenGiven(jobs.status, parsed.status), eqWhenGiven(jobs.type, parsed.type)],
    },
    (job) => ({ at: job.createdAt.getTime(), id: job.id }),
  );
});
