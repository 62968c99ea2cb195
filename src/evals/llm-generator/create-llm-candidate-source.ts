import type { Ctx } from '@/core/context';
import type { LlmProvider } from '@/core/ports/llm-provider';
import type { CandidateError } from '@/db/schema';
import type { CandidateSource, FixedCandidateSpec } from '../generation/candidate-sources';
import { generateLlmCandidates } from './generate-llm-candidates';
import { promptPool, rulesFromRationale, synthHints } from './prompt-pool';
import type { LabelledTrace } from './select-prompt-traces';
import type {
  GenerateLlmCandidatesInput,
  GenerateLlmCandidatesResult,
  LlmCandidate,
} from './types';

export const CONTRADICTION_NOTE = 'the current eval version judges this trace wrongly';

type SourceOptions = Pick<
  GenerateLlmCandidatesInput,
  | 'count'
  | 'agentDescription'
  | 'evalViewDoc'
  | 'criterion'
  | 'tokenBudget'
  | 'maxPromptTraces'
  | 'concurrency'
> & {
  provider: LlmProvider;
  /** Sees the whole result, invalid and failed candidates included (for job logs). */
  onResult?(result: GenerateLlmCandidatesResult): void;
};

/**
 * Plugs the LLM generator into `generateEval` as a candidate source. Only candidates that passed
 * the sandbox's static check are returned; contradictions go into the prompt first, marked.
 */
export function createLlmCandidateSource(options: SourceOptions): CandidateSource {
  return async (
    ctx: Pick<Ctx, 'sandbox' | 'workspaceId'>,
    input,
  ): Promise<FixedCandidateSpec[]> => {
    if (options.provider.id === 'unconfigured') {
      return [];
    }
    const contradictions = new Set(input.contradictions ?? []);
    const traces: LabelledTrace[] = input.labelled.flatMap((row) =>
      row.label === 'neutral'
        ? []
        : [
            {
              view: row.view,
              label: row.label,
              note: [contradictions.has(row.id) ? CONTRADICTION_NOTE : '', row.note ?? '']
                .filter(Boolean)
                .join('; '),
            },
          ],
    );
    // Contradictions first, then at most half of each label: the rest judges the code.
    const pool = promptPool([
      ...traces.filter((t) => contradictions.has(t.view.trace_id)),
      ...traces.filter((t) => !contradictions.has(t.view.trace_id)),
    ]);
    const hints = synthHints(pool);
    const result = await generateLlmCandidates(
      { provider: options.provider, check: (code) => ctx.sandbox.check(code, ctx.workspaceId) },
      {
        ...options,
        agentDescription: options.agentDescription ?? input.agentDescription ?? undefined,
        signal: input.signal,
        evalName: input.name.replace(/^eval_/, ''),
        traces: pool,
        hints,
        maxPromptTraces: options.maxPromptTraces ?? Math.min(24, pool.length),
      },
    );
    // The hints carry the whole pool's labels: every pool trace counts as seen by the model.
    const seen = hints.length > 0 ? pool.map((t) => t.view.trace_id) : null;
    options.onResult?.(result);
    return result.candidates.map((candidate) =>
      toCandidateSpec(seen ? { ...candidate, promptTraceIds: seen } : candidate),
    );
  };
}

/** A valid candidate competes; an invalid or failed one is returned with why, to be stored. */
function toCandidateSpec(candidate: LlmCandidate): FixedCandidateSpec {
  const spec: FixedCandidateSpec = {
    id: `llm-${candidate.focus.id}`,
    generator: 'llm',
    code: candidate.code ?? '',
    focus: `${candidate.focus.title} (${candidate.focus.strictness})`,
    model: candidate.model,
    prompt: `${candidate.prompt.system}\n\n${candidate.prompt.user}`,
    promptTraceIds: candidate.promptTraceIds,
    costUsd: candidate.costUsd,
    rules: rulesFromRationale(candidate.rationale),
  };
  if (candidate.status === 'valid' && candidate.code) {
    return spec;
  }
  const issues = candidate.issues.map((issue) => ({
    message: issue.message,
    line: issue.line ?? 0,
  }));
  const error: CandidateError =
    candidate.status === 'invalid' || !candidate.error
      ? {
          kind: 'invalid_code',
          message: `still invalid after ${candidate.attempts - 1} fix rounds: ${issues
            .map((issue) => (issue.line ? `line ${issue.line}: ${issue.message}` : issue.message))
            .join('; ')
            .slice(0, 1000)}`,
          retryable: false,
          attempts: candidate.attempts,
        }
      : { ...candidate.error, attempts: candidate.attempts };
  return {
    ...spec,
    failure: { status: candidate.status === 'invalid' ? 'invalid' : 'failed', error, issues },
  };
}
