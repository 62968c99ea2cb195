import type { EvalView } from '@/core/eval-view';

const SANDBOX_ERROR_CODES = [
  'STATIC_ERROR',
  'USER_CODE_ERROR',
  'INVALID_RESULT',
  'TIMEOUT',
  'RESOURCE_LIMIT',
  'UNAVAILABLE',
  'NEEDS_ANSWER',
  'BUDGET',
  'MODEL_ERROR',
] as const;
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

export type SandboxError = {
  code: SandboxErrorCode;
  message: string;
  retryable: boolean;
  /** 1-based line in the eval source, when known. */
  line?: number;
  traceback?: string;
};

export type StaticIssue = { code: string; message: string; line: number; column: number };

/**
 * A question an eval asked the model through the bridge (`judge` / `ask`). The sandbox never asks
 * it: the trace's outcome is `NEEDS_ANSWER` with its questions, and the caller runs the trace again
 * with the answers (see `src/evals/bridge/`).
 */
export type BridgeQuestion =
  | { kind: 'judge'; question: string; text: string; choices: string[] }
  | { kind: 'ask'; prompt: string };
/** A question as the sandbox asks it back: `id` is its digest (the same question, the same id). */
export type AskedQuestion = BridgeQuestion & { id: string };
/** The answer to the question whose id is `id` (no question text crosses the protocol again). */
export type BridgeAnswer = { id: string; a: string };

export type CheckResult =
  /** `bridge`: the bridge names the code uses (`judge`, `ask`), when it uses any. */
  | { ok: true; functionName: string; bridge?: string[] }
  | { ok: false; issues: StaticIssue[]; error?: SandboxError };

export type TraceOutcome =
  | {
      traceId: string;
      ok: true;
      passed: boolean;
      reason: string;
      durationMs: number;
      output: string;
    }
  | {
      traceId: string;
      ok: false;
      error: SandboxError;
      durationMs: number;
      output: string;
      /** With `NEEDS_ANSWER`: the questions the trace asked that have no answer yet. */
      questions?: AskedQuestion[];
    };

export type RunEvalInput = {
  code: string;
  traces: EvalView[];
  /**
   * The tenant the run belongs to (the workspace id). Runs of different workspaces never share a
   * sandbox process; every run starts from a clean interpreter either way.
   */
  workspaceId: string;
  /** Per-trace wall-clock limit in milliseconds (default 5000). */
  timeoutMsPerTrace?: number;
  /** Answers to bridge questions asked in an earlier call; a question without one is asked back. */
  answers?: BridgeAnswer[];
  signal?: AbortSignal;
};

export type RunEvalResult =
  /**
   * `stopped`: why the call ended early (3 timeouts in a row, its time limit, an abort); the
   * traces it did not reach carry a TIMEOUT outcome whose message is `notRunMessage(stopped)`.
   */
  { ok: true; outcomes: TraceOutcome[]; stopped?: string } | { ok: false; error: SandboxError };

/** A batch stops after this many traces in a row time out (one bad eval cannot hold workers). */
export const TIMEOUTS_IN_A_ROW_LIMIT = 3;
export const TIMEOUTS_IN_A_ROW_STOP = `timed out on ${TIMEOUTS_IN_A_ROW_LIMIT} traces in a row; stopped`;
/**
 * A batch stops when its sandbox process is lost (died, or replaced after a violation) on this many
 * traces in a row: each costs a new process (about a CPU-second to start), so one eval that
 * crashes on every trace cannot churn processes for the whole run.
 */
export const DEATHS_IN_A_ROW_STOP = `the sandbox process died on ${TIMEOUTS_IN_A_ROW_LIMIT} traces in a row; stopped`;

/** The message of the outcome of a trace a stopped call did not run. */
export function notRunMessage(stopped: string): string {
  return `not run: ${stopped}`;
}

export type SandboxLayer = { name: string; active: boolean; detail: string };
export type SandboxStatus = {
  kind: string;
  available: boolean;
  /** When unavailable: why, and what to configure. */
  reason?: string;
  layers: SandboxLayer[];
};

/** Runs untrusted Python eval code. Failures of user code are outcomes, never throws. */
export type Sandbox = {
  /**
   * The static check of `code`. Results are remembered per workspace (`workspaceId`; callers outside
   * any workspace, such as the CLI, share one scope), so how fast an answer comes never tells one
   * workspace what another has checked.
   */
  check(code: string, workspaceId?: string): Promise<CheckResult>;
  runEval(input: RunEvalInput): Promise<RunEvalResult>;
  status(): Promise<SandboxStatus>;
  close(): Promise<void>;
};

/** The sandbox of a host that has none configured: every call answers UNAVAILABLE. */
export function createUnavailableSandbox(reason: string): Sandbox {
  const error: SandboxError = { code: 'UNAVAILABLE', message: reason, retryable: false };
  return {
    check: async () => ({ ok: false, issues: [], error }),
    runEval: async () => ({ ok: false, error }),
    status: async () => ({ kind: 'none', available: false, reason, layers: [] }),
    close: async () => {},
  };
}
