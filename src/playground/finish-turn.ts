import type { Ctx } from '@/core/context';
import type { PlaygroundMessage, PlaygroundSession } from '@/db/schema';
import type { TerminationReason } from '@/optimize/runner/run-rollout';
import { writeRolloutTrace } from '@/optimize/runner/write-rollout-trace';
import { pendingToolCalls } from './chat-message';
import { releaseSession } from './claim-session';
import { openedFromOf } from './opened-from';
import { sessionSteps } from './read-session';
import { sessionOutcome } from './session-transcript';
import type { StepRecorder } from './step-recorder';

export type TurnState = { error: string | null; finishReason: string | null; modelId: string };

/**
 * Ends a turn: stores the conversation, writes the session's trace (source `playground`, one per
 * session, updated per turn, auto-evaluated by ingest; `incomplete` when the client left
 * mid-stream) and frees the session. A failure to write the trace is logged; the session is
 * freed whatever happens.
 */
export async function finishTurn(
  ctx: Ctx,
  input: {
    session: PlaygroundSession;
    system: string;
    messages: PlaygroundMessage[];
    recorder: StepRecorder;
    turn: TurnState & { aborted: boolean };
  },
) {
  const { session, turn } = input;
  let traceId: string | undefined;
  try {
    await input.recorder.flush();
    const steps = await sessionSteps(ctx, session.id);
    const waiting = pendingToolCalls(input.messages).length > 0;
    const termination: TerminationReason =
      turn.aborted || turn.error
        ? 'error'
        : turn.finishReason === 'tool-calls' && !waiting
          ? 'step_cap'
          : 'completed';
    const openedFrom = openedFromOf(input.messages);
    traceId = await writeRolloutTrace(ctx, {
      externalId: session.id,
      source: 'playground',
      outcome: {
        ...sessionOutcome(input.system, input.messages, steps),
        userSimulator: [],
        termination,
        error: turn.aborted ? 'the client disconnected mid-stream' : turn.error,
      },
      startedAt: session.createdAt.getTime(),
      endedAt: ctx.now().getTime(),
      metadata: {
        playground_session_id: session.id,
        agent_version_id: session.agentVersionId,
        model: turn.modelId,
        incomplete: turn.aborted,
        waiting_for_tool_result: waiting,
        ...(openedFrom
          ? { opened_from_trace: openedFrom.traceId, opened_at_step: openedFrom.step }
          : {}),
      },
    });
  } catch (error) {
    ctx.log.error('playground turn not stored as a trace', {
      sessionId: session.id,
      error: String(error),
    });
  } finally {
    await releaseSession(ctx, session.id, { messages: input.messages, traceId });
  }
}
