import type { NormalisedTrace } from '@/traces/normalised-trace';
import { parseOtlpTraces } from '@/traces/parsers/otlp/parse-otlp-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import type { TranscriptMessage } from './run-rollout';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

export type WebhookAgentInput = {
  url: string;
  /** The endpoint's signing secret (decrypted by the caller). */
  secret: string;
  rolloutId: string;
  attempt: number;
  system: string;
  task: {
    messages?: TranscriptMessage[];
    user_message?: string;
    variables: Record<string, string>;
  };
  modelHint?: string;
  timeoutMs: number;
  /** The host's guarded fetch (private addresses refused unless allowed). */
  fetch?: typeof fetch;
  /** Unix seconds (tests). */
  now?: () => number;
};

export type WebhookAgentOutcome =
  | { status: 'succeeded'; trace: NormalisedTrace }
  /** 202: the agent exports OTLP spans later with the resource attribute `iofold.rollout_id`. */
  | { status: 'pending' }
  | { status: 'timeout' | 'failed'; reason: string };

/**
 * Sends one task to an external agent (signed POST, see docs/rollouts.md) and reads its reply: a
 * 200 carrying the transcript (OpenAI-style messages) or OTLP JSON becomes the rollout's trace
 * (source `taskset`, external id the rollout id); a 202 means spans come later. A timeout, a
 * non-2xx answer or an unparsable body ends the rollout as `timeout` / `failed` with the reason.
 */
export async function runWebhookAgent(input: WebhookAgentInput): Promise<WebhookAgentOutcome> {
  const now = input.now?.() ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    rollout_id: input.rolloutId,
    attempt: input.attempt,
    system_prompt: input.system,
    task: input.task,
    model_hint: input.modelHint ?? null,
    deadline: new Date(now * 1000 + input.timeoutMs).toISOString(),
  });
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(input.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: await signWebhookBody(input.secret, now, body),
      },
      body,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return { status: 'timeout', reason: `no answer within ${input.timeoutMs} ms` };
    }
    return { status: 'failed', reason: `request failed: ${(error as Error).message}` };
  }
  if (response.status === 202) {
    return { status: 'pending' };
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).slice(0, 300);
    return {
      status: 'failed',
      reason: `the agent answered ${response.status}${text ? `: ${text}` : ''}`,
    };
  }
  try {
    const reply: unknown = JSON.parse(await response.text());
    const trace = traceOfReply(reply);
    trace.source = 'taskset';
    trace.externalId = input.rolloutId;
    trace.metadata = { ...trace.metadata, rollout_id: input.rolloutId, attempt: input.attempt };
    return { status: 'succeeded', trace };
  } catch (error) {
    return { status: 'failed', reason: `unparsable trace: ${(error as Error).message}` };
  }
}

function traceOfReply(reply: unknown): NormalisedTrace {
  if (typeof reply === 'object' && reply !== null && 'resourceSpans' in reply) {
    const traces = parseOtlpTraces(reply);
    const [first, ...rest] = traces;
    if (!first || rest.length > 0) {
      throw new Error(`expected the spans of one trace, got ${traces.length}`);
    }
    return first;
  }
  return parseChatTranscript(reply);
}
