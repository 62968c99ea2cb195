import { buildSystemPrompt, buildUserPrompt } from './build-generation-prompt';
import { generateOneCandidate } from './generate-one-candidate';
import { pickFocuses } from './generation-focuses';
import { selectPromptTraces, type TraceSelection } from './select-prompt-traces';
import type {
  GenerateLlmCandidatesInput,
  GenerateLlmCandidatesResult,
  LlmCandidate,
  LlmGeneratorDeps,
} from './types';

const DEFAULT_CANDIDATE_COUNT = 3;
/** Times the example budget is halved for candidates the model rejected as too long. */
const MAX_SHRINKS = 2;

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
  );
}

/**
 * LLM meta-prompting: one model call per candidate, each with its own focus and strictness over
 * the same condensed examples; invalid code is sent back with the static errors at most twice.
 * A context-length rejection re-condenses the examples to half the budget (twice at most).
 */
export async function generateLlmCandidates(
  deps: LlmGeneratorDeps,
  input: GenerateLlmCandidatesInput,
): Promise<GenerateLlmCandidatesResult> {
  const functionName = `eval_${input.evalName}`;
  const system = buildSystemPrompt(functionName);
  const focuses = pickFocuses(input.count ?? DEFAULT_CANDIDATE_COUNT);
  const candidates: LlmCandidate[] = new Array(focuses.length);
  const select = (tokenBudget: number): TraceSelection =>
    selectPromptTraces(input.traces, { tokenBudget, maxTraces: input.maxPromptTraces ?? 24 });

  let budget = input.tokenBudget ?? 12_000;
  const first = select(budget);
  let selection = first;
  let pending = focuses.map((_, index) => index);
  for (let shrink = 0; shrink <= MAX_SHRINKS && pending.length > 0; shrink += 1) {
    if (shrink > 0) {
      budget = Math.floor(budget / 2);
      selection = select(budget);
    }
    const { examples } = selection;
    const promptTraceIds = examples.map((example) => example.traceId);
    await runPool(pending, input.concurrency ?? 3, async (index) => {
      const focus = focuses[index] as (typeof focuses)[number];
      const user = buildUserPrompt({ ...input, functionName, examples, focus });
      candidates[index] = await generateOneCandidate(deps, {
        functionName,
        focus,
        system,
        opening: [{ role: 'user', content: user }],
        promptTraceIds,
        temperature: input.temperature,
        maxOutputTokens: input.maxOutputTokens,
        signal: input.signal,
      });
    });
    pending = pending.filter((index) => candidates[index]?.error?.kind === 'context_length');
  }

  const shown = new Set(candidates.flatMap((candidate) => candidate.promptTraceIds));
  const costs = candidates.map((candidate) => candidate.costUsd);
  return {
    candidates,
    promptTraceIds: [...shown],
    excludedTraceIds: input.traces.map((t) => t.view.trace_id).filter((id) => !shown.has(id)),
    promptTokens: first.tokens,
    usage: {
      inputTokens: candidates.reduce((sum, c) => sum + c.usage.inputTokens, 0),
      outputTokens: candidates.reduce((sum, c) => sum + c.usage.outputTokens, 0),
    },
    costUsd: costs.every((cost) => cost !== undefined)
      ? costs.reduce((sum: number, cost) => sum + (cost ?? 0), 0)
      : undefined,
  };
}
