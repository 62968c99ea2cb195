import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type Page, toPage } from '@/core/page';
import { inWorkspace } from '@/db/in-workspace';
import { afterCursor } from '@/db/list-filters';
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
export async function listJobs(ctx: Ctx, input: ListJobsInput = {}): Promise<JobPage> {
  const parsed = ListJobsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(jobs)
    .where(
      inWorkspace(ctx, jobs, [
        parsed.status ? eq(jobs.status, parsed.status) : undefined,
        parsed.type ? eq(jobs.type, parsed.type) : undefined,
        afterCursor(jobs.createdAt, jobs.id, parsed.cursor),
      ]),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(parsed.limit + 1);
  return toPage(rows, parsed.limit, (job) => ({ at: job.createdAt.getTime(), id: job.id }));
}
