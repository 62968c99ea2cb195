import type { Ctx } from '@/core/context';
import type { Eval } from '@/db/schema';
import type { LabelledTraceRow } from '../internal';
import type { Candidate } from '../selection/candidate';
import { synthCandidate } from '../selection/synth-candidate';
import type { CandidateSource, FixedCandidateSpec } from './candidate-sources';

export type CollectedCandidates = {
  /** Candidates that compete on held-out folds: the synthesiser first, then fixed code. */
  candidates: Candidate[];
  competing: FixedCandidateSpec[];
  /** Candidates that never became runnable code (stored with their error, never scored). */
  failed: FixedCandidateSpec[];
};

/** The synthesiser, every source's candidates and, when refining, the current version as it is. */
export async function collectCandidates(
  ctx: Ctx,
  input: {
    agentId: string;
    agentDescription: string | null;
    name: string;
    labelled: LabelledTraceRow[];
    parent: Eval | null;
    sources: CandidateSource[];
    contradictions?: string[];
    signal?: AbortSignal;
  },
): Promise<CollectedCandidates> {
  const fixed: FixedCandidateSpec[] = [];
  for (const source of input.sources) {
    fixed.push(
      ...(await source(ctx, {
        agentId: input.agentId,
        agentDescription: input.agentDescription,
        name: input.name,
        labelled: input.labelled,
        contradictions: input.contradictions,
        signal: input.signal,
      })),
    );
  }
  const parent = input.parent;
  if (parent) {
    fixed.push({
      id: 'incumbent',
      generator: 'manual',
      code: parent.code,
      focus: `${parent.name} v${parent.version} as it is`,
      promptTraceIds: parent.trainingTraceIds,
      rules: parent.rules,
    });
  }
  const competing = fixed.filter((f) => !f.failure);
  return {
    candidates: [
      synthCandidate('synth', { name: input.name.replace(/^eval_/, '') }),
      ...competing.map((f) => ({
        kind: 'fixed' as const,
        id: f.id,
        code: f.code,
        promptTraceIds: f.promptTraceIds,
      })),
    ],
    competing,
    failed: fixed.filter((f) => f.failure),
  };
}

/** The same competition with hybrid candidates added (they are fixed code, like an LLM's). */
export function withHybrids(
  collected: CollectedCandidates,
  hybrids: FixedCandidateSpec[],
): CollectedCandidates {
  return {
    candidates: [
      ...collected.candidates,
      ...hybrids.map((f) => ({
        kind: 'fixed' as const,
        id: f.id,
        code: f.code,
        promptTraceIds: f.promptTraceIds,
      })),
    ],
    competing: [...collected.competing, ...hybrids],
    failed: collected.failed,
  };
}
