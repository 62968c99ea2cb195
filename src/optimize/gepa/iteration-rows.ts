import { createTwoFilesPatch } from 'diff';
import { sha256Hex } from '@/core/web-crypto';
import type { NewPromptIteration } from '@/db/schema';
import type { Candidate, GepaState, IterationRecord } from './engine-types';

export type IterationRowsInput = {
  workspaceId: string;
  agentId: string;
  gepaRunId: string;
  baseVersionId?: string | null;
  state: GepaState;
  /** How many of `state.iterations` already have rows (rows are written after every stage). */
  written: number;
  newId: (prefix?: string) => string;
};

/** A candidate as one text: the system prompt alone, or each component under its name. */
export function candidateText(candidate: Candidate): string {
  const names = Object.keys(candidate).sort();
  if (names.length === 1) {
    return candidate[names[0] as string] ?? '';
  }
  return names.map((n) => `## ${n}\n${candidate[n] ?? ''}`).join('\n\n');
}

const STATUS: Record<IterationRecord['outcome'], NewPromptIteration['status']> = {
  accepted: 'evaluated',
  'merge-accepted': 'evaluated',
  rejected: 'rejected',
  'merge-rejected': 'rejected',
  'guard-rejected': 'rejected',
  'no-proposal': 'rejected',
  'skipped-perfect': 'rejected',
};

const mean = (xs?: number[]) =>
  xs?.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined;

/**
 * The `prompt_iterations` rows of the iterations not yet written: every proposal, accepted or
 * not (a skipped or empty reflection is a row too, with the parent's text), with its parent's
 * text as the diff base, the reflector's reason, the guard results and the scores it reached.
 */
export async function iterationRows(input: IterationRowsInput): Promise<NewPromptIteration[]> {
  const { state } = input;
  const rows: NewPromptIteration[] = [];
  for (const it of state.iterations.slice(input.written)) {
    const parent = state.candidates[it.parents[0] ?? 0]?.components ?? {};
    const text = candidateText(it.proposal ?? parent);
    const before = candidateText(parent);
    const minibatch = mean(it.childScores);
    const shadow = it.candidate === undefined ? undefined : state.candidates[it.candidate]?.shadow;
    rows.push({
      id: input.newId('pit'),
      workspaceId: input.workspaceId,
      agentId: input.agentId,
      gepaRunId: input.gepaRunId,
      baseVersionId: input.baseVersionId ?? null,
      candidateIndex: it.candidate ?? null,
      iteration: it.i,
      source: 'gepa',
      text,
      textHash: await sha256Hex(text),
      changeSummary: {
        diff: createTwoFilesPatch('parent', 'proposal', before, text, '', '', { context: 2 }),
        reason: [it.outcome, it.reason].filter(Boolean).join(': '),
      },
      guardResults: it.guards ?? {},
      scores: {
        ...(minibatch !== undefined ? { minibatch } : {}),
        ...(it.valAverage !== undefined ? { val: it.valAverage } : {}),
        ...(shadow ? { shadow } : {}),
      },
      status: STATUS[it.outcome],
    });
  }
  return rows;
}
