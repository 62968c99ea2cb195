import type { LlmErrorKind, LlmProvider, LlmUsage } from '@/core/ports/llm-provider';
import type { GenerationFocus } from './generation-focuses';
import type { LabelledTrace } from './select-prompt-traces';

/** The sandbox's static check (`Sandbox.check` fits). */
export type StaticCheck = (
  code: string,
) => Promise<
  | { ok: true; functionName: string }
  | { ok: false; issues: { message: string; line: number }[]; error?: { message: string } }
>;

export type LlmGeneratorDeps = { provider: LlmProvider; check: StaticCheck };

export type GenerateLlmCandidatesInput = {
  /** snake_case; the function is `eval_<evalName>`. */
  evalName: string;
  /** Labelled traces the prompt may draw on (the caller's training split); neutral ones excluded. */
  traces: LabelledTrace[];
  criterion?: string;
  /** Rules the offline synthesiser found in the same labelled traces, offered as hints. */
  hints?: string[];
  agentDescription?: string;
  evalViewDoc?: string;
  /** How many candidates (default 3). */
  count?: number;
  /** Tokens for the examples section (default 12 000). */
  tokenBudget?: number;
  /** At most this many traces in the prompt (default 24); the rest stay held out. */
  maxPromptTraces?: number;
  /** Candidates generated at once (default 3). */
  concurrency?: number;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
};

export type CandidateStatus = 'valid' | 'invalid' | 'failed';

export type LlmCandidate = {
  status: CandidateStatus;
  focus: GenerationFocus;
  /** The last code the model produced (also kept when invalid, for display). */
  code: string | null;
  functionName: string;
  /** Static-check issues of the last attempt when `invalid`. */
  issues: { message: string; line?: number }[];
  /** Why generation stopped when `failed` (LLM error, or the check could not run). */
  error?: { kind: LlmErrorKind | 'check_unavailable'; message: string; retryable: boolean };
  /** Model calls made: 1, plus one per fix round (at most 3). */
  attempts: number;
  model: string;
  /** The opening prompt, as stored with an eval version. */
  prompt: { system: string; user: string };
  /** Traces shown in the prompt; held-out scoring must exclude them. */
  promptTraceIds: string[];
  usage: LlmUsage;
  /** Sum over calls; undefined when a paid call had no known price. */
  costUsd?: number;
  /** True when every call was answered from the cache. */
  cached: boolean;
  /** The model's short explanation before its code. */
  rationale: string;
};

export type GenerateLlmCandidatesResult = {
  candidates: LlmCandidate[];
  promptTraceIds: string[];
  /** Labelled traces not in the prompt. */
  excludedTraceIds: string[];
  promptTokens: number;
  usage: LlmUsage;
  costUsd?: number;
};
