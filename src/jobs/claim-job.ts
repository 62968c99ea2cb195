import { and, asc, eq, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Job, jobs } from '@/db/schema';

export type ClaimOptions = {
  /** A fresh token per claim; every later write is fenced on it (a lost lease writes nothing). */
  leaseToken: string;
  leaseMs: number;
  now: Date;
  /** Per-workspace limits on running jobs (across every worker sharing the database). */
  fairness?: Fairness;
  /** Only a job of a workspace that runs none (a reserve slot, JobWorkerOptions.reserve). */
  firstOnly?: boolean;
};

/**
 * A workspace may run `cap` jobs at once, but only `share` while another workspace has a due job
 * waiting: one workspace cannot take every slot from the others.
 */
export type Fairness = { share: number; cap: number };

/** The default fairness for `slots` job slots: half of them while others wait, all but one else. */
export function fairnessFor(slots: number, hardCap?: number): Fairness {
  const cap = Math.max(1, Math.min(hardCap ?? Number.POSITIVE_INFINITY, slots - 1));
  return { share: Math.max(1, Math.min(cap, Math.floor(slots / 2))), cap };
}

const p = (name: string) => sql`${sql.placeholder(name)}`;

const claimSet = {
  status: 'running' as const,
  attempts: sql`${jobs.attempts} + 1`,
  leaseOwner: p('leaseToken'),
  leaseExpiresAt: p('leaseExpiresAt'),
  startedAt: sql`coalesce(${jobs.startedAt}, ${sql.placeholder('now')})`,
  updatedAt: p('now'),
};

/**
 * The job's workspace is under its limit: `cap`, or `share` while another workspace waits. "Another
 * workspace has a due job" is read as: the lowest or highest workspace id among due jobs is not
 * this one. Both are uncorrelated subqueries, which SQLite evaluates once per statement; the
 * correlated `exists (... workspace_id <> this one)` it replaces scanned every due job for every
 * candidate, so a claim refused by the limit cost O(due jobs squared): 1.2 s at 2,000.
 */
const dueWorkspace = (pick: 'min' | 'max') =>
  sql.raw(
    `(select ${pick}(d.workspace_id) from jobs as d where d.status = 'queued' and d.run_at <= `,
  );
const underFairLimit = sql`(select count(*) from jobs as r where r.workspace_id = ${jobs.workspaceId} and r.status = 'running') < case when ${dueWorkspace('min')}${sql.placeholder('now')}) <> ${jobs.workspaceId} or ${dueWorkspace('max')}${sql.placeholder('now')}) <> ${jobs.workspaceId} then ${sql.placeholder('share')} else ${sql.placeholder('cap')} end`;

/**
 * The claim order with fairness: the workspace with the fewest running jobs first, so a workspace
 * waiting with none running takes the next free slot before anyone who already holds one (a job
 * that gave its slot back, JobYield, is re-queued at the back and competes like any other).
 */
const runningOfCandidate = sql`(select count(*) from jobs as w where w.workspace_id = ${jobs.workspaceId} and w.status = 'running')`;

/**
 * Between workspaces with as many running jobs, the one served longest ago first: its jobs' last
 * change (queued, claimed, yielded, finished). A workspace whose job just ended or gave its slot
 * back goes behind one that has waited since before, however old its other queued jobs' `run_at`
 * (which let a few workspaces with old queues pass a slot round among themselves for ever, F8).
 * A search of `jobs_workspace_updated_idx`.
 */
const lastServed = sql`(select max(s.updated_at) from jobs as s where s.workspace_id = ${jobs.workspaceId})`;

/** Query building dominates a no-op job's cost, so the hot statements are prepared once per Db. */
function buildClaimNext(db: Db, fair: boolean, firstOnly = false) {
  const conditions = [eq(jobs.status, 'queued'), lte(jobs.runAt, p('now'))];
  const order: SQL[] = [asc(jobs.priority), asc(jobs.runAt)];
  if (firstOnly) {
    conditions.push(sql`${runningOfCandidate} = 0`);
  }
  if (fair) {
    conditions.push(underFairLimit);
    order.splice(1, 0, asc(lastServed));
    order.unshift(asc(runningOfCandidate));
  }
  const candidate = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(1);
  return db
    .update(jobs)
    .set(claimSet)
    .where(and(sql`${jobs.id} = (${candidate})`, eq(jobs.status, 'queued')))
    .returning()
    .prepare();
}

function buildClaimById(db: Db, fair: boolean) {
  const conditions = [eq(jobs.id, p('jobId')), eq(jobs.status, 'queued')];
  if (fair) {
    conditions.push(underFairLimit);
  }
  return db
    .update(jobs)
    .set(claimSet)
    .where(and(...conditions))
    .returning()
    .prepare();
}

type Prepared = {
  next: ReturnType<typeof buildClaimNext>;
  nextFirst: ReturnType<typeof buildClaimNext>;
  fair: ReturnType<typeof buildClaimNext>;
  fairFirst: ReturnType<typeof buildClaimNext>;
  byId: ReturnType<typeof buildClaimById>;
  fairById: ReturnType<typeof buildClaimById>;
};
const prepared = new WeakMap<Db, Prepared>();

function statements(db: Db): Prepared {
  let found = prepared.get(db);
  if (!found) {
    found = {
      next: buildClaimNext(db, false),
      nextFirst: buildClaimNext(db, false, true),
      fair: buildClaimNext(db, true),
      fairFirst: buildClaimNext(db, true, true),
      byId: buildClaimById(db, false),
      fairById: buildClaimById(db, true),
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
 * Atomically moves the best due job to `running` with a lease: with fairness, of the workspace
 * with the fewest running jobs first; then lowest priority value (like nice), then (with
 * fairness) the workspace served longest ago, then earliest `run_at`, skipping workspaces at
 * their limit (with `firstOnly` and fairness, only workspaces running none). One UPDATE … WHERE id =
 * (SELECT … LIMIT 1): a primary-key search over the claim index.
 */
export async function claimNextJob(db: Db, options: ClaimOptions): Promise<Job | undefined> {
  const s = statements(db);
  const f = options.fairness;
  const fair = options.firstOnly ? s.fairFirst : s.fair;
  const rows = f
    ? await fair.all({ ...params(options), share: f.share, cap: f.cap })
    : await (options.firstOnly ? s.nextFirst : s.next).all(params(options));
  return rows[0];
}

/**
 * Claims one known job (a delivered queue message) if it is still queued and, with `fairness`,
 * its workspace is under its limit (the caller tells the two apart by reading the row).
 */
export async function claimJobById(
  db: Db,
  jobId: string,
  options: ClaimOptions,
): Promise<Job | undefined> {
  const s = statements(db);
  const f = options.fairness;
  const rows = f
    ? await s.fairById.all({ ...params(options), jobId, share: f.share, cap: f.cap })
    : await s.byId.all({ ...params(options), jobId });
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
