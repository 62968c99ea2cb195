import { inArray } from 'drizzle-orm';
import type { Clock, IdFactory } from '@/core/ids';
import type { EnqueueOptions, JobMessage } from '@/core/ports/job-queue';
import type { Db } from '@/db/client';
import { inWorkspace } from '@/db/in-workspace';
import { jobs, type NewJob } from '@/db/schema';
import { insertNew } from '@/db/write-batch';
import { parseJobPayload } from './contracts';

const DEFAULT_MAX_ATTEMPTS = 5;

export type InsertedJob = { id: string; workspaceId: string; created: boolean; runAt: Date };

/**
 * Validates each payload against its contract and inserts queued rows in one batch. With an
 * idempotency key, an existing job of the same workspace and key is returned instead.
 */
export async function insertJobs(
  deps: { db: Db; now: Clock; newId: IdFactory },
  messages: JobMessage[],
  options: EnqueueOptions = {},
): Promise<InsertedJob[]> {
  if (messages.length === 0) {
    return [];
  }
  const now = deps.now();
  const runAt = new Date(now.getTime() + Math.max(0, options.delaySeconds ?? 0) * 1000);
  const rows: NewJob[] = messages.map((message, index) => ({
    id: deps.newId('job'),
    workspaceId: message.workspaceId,
    type: message.type,
    payload: parseJobPayload(message.type, message.payload),
    priority: options.priority ?? 0,
    runAt,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    idempotencyKey:
      options.idempotencyKey === undefined
        ? null
        : messages.length === 1
          ? options.idempotencyKey
          : `${options.idempotencyKey}:${index}`,
    createdBy: options.createdBy ?? null,
    createdAt: now,
    updatedAt: now,
  }));
  const created = await insertNew(deps.db, jobs, rows, jobs.id);
  const out: InsertedJob[] = [];
  for (const row of rows) {
    const id = row.id as string;
    if (created.has(id)) {
      out.push({ id, workspaceId: row.workspaceId, created: true, runAt });
      continue;
    }
    const [existing] = await deps.db
      .select({ id: jobs.id, runAt: jobs.runAt })
      .from(jobs)
      .where(inWorkspace(row, jobs, [inArray(jobs.idempotencyKey, [row.idempotencyKey ?? ''])]));
    if (!existing) {
      throw new Error(`job insert for ${row.type} neither created nor found`);
    }
    out.push({
      id: existing.id,
      workspaceId: row.workspaceId,
      created: false,
      runAt: existing.runAt,
    });
  }
  return out;
}
