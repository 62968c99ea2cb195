import { and, eq, max } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { playgroundSteps } from '@/db/schema';
import { recordStep, type StepRecord } from './record-step';

export type StepRecorder = {
  /** The next step index, taken when a call starts (so rows keep the order calls began in). */
  reserve(): number;
  /** Writes a finished step in the background; a failed write is logged, never breaks the chat. */
  write(step: Omit<StepRecord, 'sessionId'>): void;
  /** Resolves when every write so far has ended. */
  flush(): Promise<void>;
};

/** One turn's recorder; only one turn streams per session at a time, so indices cannot collide. */
export async function createStepRecorder(ctx: Ctx, sessionId: string): Promise<StepRecorder> {
  const [last] = await ctx.db
    .select({ index: max(playgroundSteps.stepIndex) })
    .from(playgroundSteps)
    .where(
      and(
        eq(playgroundSteps.workspaceId, ctx.workspaceId),
        eq(playgroundSteps.sessionId, sessionId),
      ),
    );
  let next = (last?.index ?? -1) + 1;
  const pending = new Set<Promise<void>>();
  return {
    reserve: () => next++,
    write(step) {
      const write = recordStep(ctx, { ...step, sessionId })
        .catch((error: unknown) =>
          ctx.log.error('playground step not recorded', { sessionId, error: String(error) }),
        )
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async flush() {
      await Promise.all(pending);
    },
  };
}
