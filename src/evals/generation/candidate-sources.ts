import type { Ctx } from '@/core/context';
import type { CandidateError } from '@/db/schema';
import type { LabelledTraceRow } from '../internal';

/** A candidate written elsewhere (an LLM), fixed before selection. */
export type FixedCandidateSpec = {
  id: string;
  generator: 'llm' | 'manual';
  code: string;
  focus: string;
  model?: string;
  /** The generation prompt (LLM candidates), stored with the version it may become. */
  prompt?: string;
  /** Traces shown in the prompt: never used to score this candidate on held-out data. */
  promptTraceIds: string[];
  costUsd?: number;
  /** What the code checks, in plain words, one line per rule (from the model's own summary). */
  rules?: string[];
  /** A hybrid candidate: the question its code asks the model through `judge`. */
  judge?: { question: string };
  /** Set when the candidate never became runnable code: stored with its error, never scored. */
  failure?: {
    status: 'invalid' | 'failed';
    error: CandidateError;
    issues: { message: string; line: number }[];
  };
};

/** Produces extra candidates for a generation (the LLM generator plugs in here). */
export type CandidateSource = (
  ctx: Ctx,
  input: {
    agentId: string;
    agentDescription?: string | null;
    name: string;
    labelled: LabelledTraceRow[];
    /** Trace ids the current version judges wrongly (refinement): shown first, marked. */
    contradictions?: string[];
    signal?: AbortSignal;
  },
) => Promise<FixedCandidateSpec[]>;
