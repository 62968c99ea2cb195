import { eq, max } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { playgroundSteps } from '@/db/schema';
import { recordSteps, type StepRecord } from './record-step';

export type StepRecorder = {
  /** The next step's place in the turn, taken when a call starts (rows keep the order calls began in). */
  reserve(): number;
  /** Queues a finished step; written in the background, a failed write is logged, never breaks the chat. */
  write(step: Omit<StepRecord, 'sessionId'>): void;
  /** Resolves when every step queued so far is written (or its write failed). */
  flush(): Promise<void>;
};

/**
 * One turn's recorder; only one turn streams per session at a time, so indices cannot collide.
 * Nothing is read or written before the first step ends (the session's last step index is read
 * then, off the path to the first token), and steps that end while a write is in flight go out
 * together in the next insert.
 */
export function createStepRecorder(ctx: Ctx, sessionId: string): StepRecorder {
  let next = 0;
  let base: Promise<number> | null = null;
  let queue: Omit<StepRecord, 'sessionId'>[] = [];
  let draining: Promise<void> | null = null;
  const firstIndex = async () => {
    const [last] = await selectInWorkspace(
      ctx,
      playgroundSteps,
      { index: max(playgroundSteps.stepIndex) },
      [eq(playgroundSteps.sessionId, sessionId)],
    );
    return (last?.index ?? -1) + 1;
  };
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        base ??= firstIndex();
        const offset = await base;
        await recordSteps(
          ctx,
          batch.map((step) => ({ ...step, sessionId, stepIndex: offset + step.stepIndex })),
        );
      } catch (error) {
        base = null;
        ctx.log.error('playground steps not recorded', { sessionId, error: String(error) });
      }
    }
    draining = null;
  };
  return {
    reserve: () => next++,
    write(step) {
      queue.push(step);
      draining ??= drain();
    },
    async flush() {
      await draining;
    },
  };
}
