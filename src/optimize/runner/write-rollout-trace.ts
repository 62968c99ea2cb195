import type { Ctx } from '@/core/context';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import type { RolloutOutcome } from './run-rollout';

/**
 * Stores a rollout as an ordinary trace (source `taskset`, idempotent on `externalId`): the
 * transcript normalised as imports are, each TOOL span with `iofold.tool.mode` (and where a
 * replayed result came from), each LLM span with its step's tokens, the root span with the
 * termination reason. Returns the trace id.
 */
export async function writeRolloutTrace(
  ctx: Ctx,
  input: {
    externalId: string;
    outcome: RolloutOutcome;
    startedAt: number;
    endedAt: number;
    metadata: Record<string, unknown>;
  },
): Promise<string> {
  const { outcome } = input;
  const trace = parseChatTranscript({
    id: input.externalId,
    messages: outcome.transcript,
    metadata: { ...input.metadata, started_at: new Date(input.startedAt).toISOString() },
  });
  trace.source = 'taskset';
  trace.metadata.termination_reason = outcome.termination;
  trace.endTime = input.endedAt;
  let step = 0;
  for (const span of trace.spans) {
    if (span.kind === 'TOOL') {
      const routed = outcome.calls.get(span.toolCall?.id ?? '');
      span.attributes['iofold.tool.mode'] = routed?.mode ?? 'unknown';
      if (routed?.replayedFrom) {
        span.attributes['iofold.tool.replayed_from'] = routed.replayedFrom;
      }
      if (routed?.result.isError) {
        span.status = 'ERROR';
        span.statusMessage = routed.result.text.slice(0, 500);
      }
    } else if (span.kind === 'LLM') {
      const usage = outcome.steps[step++];
      span.model = usage?.model ?? null;
      span.inputTokens = usage?.inputTokens ?? null;
      span.outputTokens = usage?.outputTokens ?? null;
    } else if (span.kind === 'AGENT') {
      span.attributes['iofold.rollout.termination_reason'] = outcome.termination;
      if (outcome.error) {
        span.status = 'ERROR';
        span.statusMessage = outcome.error.slice(0, 500);
      }
    }
  }
  const result = await ingestTraces(ctx, { traces: [trace] });
  const [stored] = result.traces;
  if (!stored) {
    throw new Error('the rollout trace was not stored');
  }
  return stored.id;
}
