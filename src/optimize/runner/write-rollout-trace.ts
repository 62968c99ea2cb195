import type { Ctx } from '@/core/context';
import type { OwnerLink } from '@/traces/ingest/discover-agents';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import type { NormalisedSpan } from '@/traces/normalised-trace';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { simulatorSpan } from '@/traces/simulator-spans';
import type { RolloutOutcome } from './run-rollout';

/**
 * Stores a rollout as an ordinary trace (source `taskset` unless given, idempotent on `externalId`;
 * the playground writes its sessions through it as source `playground`): the
 * transcript normalised as imports are, each TOOL span with `iofold.tool.mode` (and where a
 * replayed result came from), each LLM span with its step's tokens, the root span with the
 * termination reason; simulator model calls (the user's, a simulated tool's) as spans of their
 * own, marked with their actor, which the eval view leaves out. Returns the trace id.
 */
export async function writeRolloutTrace(
  ctx: Ctx,
  input: {
    externalId: string;
    outcome: RolloutOutcome;
    startedAt: number;
    endedAt: number;
    metadata: Record<string, unknown>;
    source?: 'taskset' | 'playground';
    /** The agent version the rollout ran as: its trace belongs there whatever its prompt says. */
    owner?: OwnerLink;
  },
): Promise<string> {
  const { outcome } = input;
  const trace = parseChatTranscript({
    id: input.externalId,
    messages: outcome.transcript,
    metadata: { ...input.metadata, started_at: new Date(input.startedAt).toISOString() },
  });
  trace.source = input.source ?? 'taskset';
  trace.metadata.termination_reason = outcome.termination;
  trace.endTime = input.endedAt;
  let step = 0;
  const simulated: NormalisedSpan[] = [];
  for (const span of trace.spans) {
    if (span.kind === 'TOOL') {
      const routed = outcome.calls.get(span.toolCall?.id ?? '');
      span.attributes['iofold.tool.mode'] = routed?.mode ?? 'unknown';
      if (routed?.replayedFrom) {
        span.attributes['iofold.tool.replayed_from'] = routed.replayedFrom;
      }
      if (routed?.simulation) {
        simulated.push(
          simulatorSpan(routed.simulation, {
            spanId: `${span.spanId}-simulator`,
            parentSpanId: span.spanId,
            startTime: span.startTime + 0.5,
          }),
        );
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
  const all = [...trace.spans, ...simulated, ...userSimulatorSpans(outcome, trace.spans)];
  // whole milliseconds apart again, in conversation order (stored times are whole milliseconds)
  const first = trace.spans[0]?.startTime ?? input.startedAt;
  trace.spans = all
    .sort((a, b) => a.startTime - b.startTime)
    .map((span, i) => ({ ...span, startTime: first + i }));
  const result = await ingestTraces(ctx, {
    traces: [trace],
    ...(input.owner ? { owner: input.owner } : {}),
  });
  const [stored] = result.traces;
  if (!stored) {
    throw new Error('the rollout trace was not stored');
  }
  return stored.id;
}

/**
 * The user simulator's calls as spans under the root, each just before the model call that read
 * the message it wrote (the transcript's LLM spans are named `llm-<message index>`).
 */
function userSimulatorSpans(outcome: RolloutOutcome, spans: NormalisedSpan[]): NormalisedSpan[] {
  const llm = spans.flatMap((s) => {
    const index = /^llm-(\d+)$/.exec(s.spanId)?.[1];
    return index === undefined ? [] : [{ index: Number(index), start: s.startTime }];
  });
  const end = Math.max(...spans.map((s) => s.startTime)) + 0.5;
  return outcome.userSimulator.map((call, i) => {
    const at = call.atMessage ?? 0;
    const reader = llm.find((s) => s.index > at);
    return simulatorSpan(call, {
      spanId: `user-simulator-${i}`,
      parentSpanId: 'root',
      startTime: (reader?.start ?? end) - 0.5 + i * 1e-3,
    });
  });
}
