import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { evalExecutions } from '@/db/schema';

/** Each trace's outcome under the eval, in the order given: its error code, else its status. */
export async function traceVerdicts(db: Db, evalId: string, traceIds: string[]) {
  const rows = await db
    .select({
      traceId: evalExecutions.traceId,
      status: evalExecutions.status,
      error: evalExecutions.error,
    })
    .from(evalExecutions)
    .where(eq(evalExecutions.evalId, evalId));
  const byId = new Map(rows.map((r) => [r.traceId, r.error?.code ?? r.status]));
  return traceIds.map((id) => byId.get(id));
}
