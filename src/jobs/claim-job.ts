import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Job, jobs } from '@/db/schema';

export type ClaimOptions = {
  /** A fresh token per claim; every later write is fenced on it (a lost lease writes nothing). */
  leaseToken: string;
  leaseMs: number;
  now: Date;
  /** Most jobs running at once per workspace, across every worker sharing the database. */
  workspaceLimit?: number;
};

const p = (name: string) => sql`${sql.placeholder(name)}`;

const claimSet = {
  status: 'running' as const,
  attempts: sql`${jobs.attempts} + 1`,
  leaseOwner: p('leaseToken'),
  leaseExpiresAt: p('leaseExpiresAt'),
  startedAt: sql`coalesce(${jobs.startedAt}, ${sql.placeholder('now')})`,
  updatedAt: p('now'),
};

/** Query building dominates a no-op job's cost, so the hot statements are prepared once per Db. */
function buildClaimNext(db: Db, limited: boolean) {
  const conditions = [eq(jobs.status, 'queued'), lte(jobs.runAt, p('now'))];
  if (limited) {
    conditions.push(
      sql`(select count(*) from jobs as r where r.workspace_id = ${jobs.workspaceId} and r.status = 'running') < ${sql.placeholder('limit')}`,
    );
  }
  const candidate = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(...conditions))
    .orderBy(asc(jobs.priority), asc(jobs.runAt))
    .limit(1);
  return db
    .update(jobs)
    .set(claimSet)
    .where(and(sql`${jobs.id} = (${candidate})`, eq(jobs.status, 'queued')))
    .returning()
    .prepare();
}

function buildClaimById(db: Db) {
  return db
    .update(jobs)
    .set(claimSet)
    .where(and(eq(jobs.id, p('jobId')), eq(jobs.status, 'queued')))
    .returning()
    .prepare();
}

type Prepared = {
  next: ReturnType<typeof buildClaimNext>;
  limited: ReturnType<typeof buildClaimNext>;
  byId: ReturnType<typeof buildClaimById>;
};
const prepared = new WeakMap<Db, Prepared>();

function statements(db: Db): Prepared {
  let found = prepared.get(db);
  if (!found) {
    found = {
      next: buildClaimNext(db, false),
      limited: buildClaimNext(db, true),
      byId: buildClaimById(db),
    };
    prepared.set(db, found);
  }
  return found;
}

const params = (options: ClaimOptions) => ({
  leaseToken: options.leaseToken,
  leaseExpiresAt: options.now.getTime() + options.leaseMs,
  now: options.now.getTime(),
});

/**
 * Atomically moves the best due job to `running` with a lease: lowest priority value first (like
 * nice), then earliest `run_at`, skipping workspaces at their limit. One UPDATE … WHERE id =
 * (SELECT … LIMIT 1): a primary-key search over the claim index.
 */
export async function claimNextJob(db: Db, options: ClaimOptions): Promise<Job | undefined> {
  const s = statements(db);
  const rows =
    options.workspaceLimit === undefined
      ? await s.next.all(params(options))
      : await s.limited.all({ ...params(options), limit: options.workspaceLimit });
  return rows[0];
}

/** Claims one known job (a delivered queue message) if it is still queued. */
export async function claimJobById(
  db: Db,
  jobId: string,
  options: ClaimOptions,
): Promise<Job | undefined> {
  const rows = await statements(db).byId.all({ ...params(options), jobId });
  return rows[0];
}

/** Extends a lease; answers null when the lease was lost, else whether cancellation was asked. */
export async function renewLease(
  db: Db,
  jobId: string,
  leaseToken: string,
  until: Date,
): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await db
    .update(jobs)
    .set({ leaseExpiresAt: until })
    .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, leaseToken), eq(jobs.status, 'running')))
    .returning({ cancelRequested: jobs.cancelRequested });
  return row ?? null;
}
