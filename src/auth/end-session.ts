import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { sessions } from '@/db/schema';

/** Logs out: deletes the session row, so the cookie stops working everywhere at once. */
export async function endSession(deps: Pick<Deps, 'db'>, sessionId: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.id, sessionId));
}
