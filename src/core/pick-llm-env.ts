/** Model-provider settings as read from a host's environment (`resolveLlmConfig` reads them). */
export type LlmEnv = Record<string, string | undefined>;

/**
 * The operator's ceilings on the model limits a workspace may set while it uses the server's
 * provider (docs/models.md), by limit (`src/evals/bridge/model-limit-ceilings.ts` reads them).
 */
export const MODEL_LIMIT_CEILING_ENV = {
  judgeMaxOutputTokens: 'IOFOLD_LLM_CEILING_JUDGE_MAX_OUTPUT_TOKENS',
  askMaxOutputTokens: 'IOFOLD_LLM_CEILING_ASK_MAX_OUTPUT_TOKENS',
  callTimeoutMs: 'IOFOLD_LLM_CEILING_CALL_TIMEOUT_MS',
  maxCallsPerRun: 'IOFOLD_LLM_CEILING_MAX_CALLS_PER_RUN',
  maxCostUsdPerRun: 'IOFOLD_LLM_CEILING_MAX_COST_USD_PER_RUN',
  maxCallsPerDay: 'IOFOLD_LLM_CEILING_MAX_CALLS_PER_DAY',
  maxCostUsdPerDay: 'IOFOLD_LLM_CEILING_MAX_COST_USD_PER_DAY',
  concurrency: 'IOFOLD_LLM_CEILING_CONCURRENCY',
} as const;

/** A ceiling variable's number: null when it is set to anything but a number ≥ 0. */
export function readCeiling(text: string | undefined): number | null {
  const value = Number(text?.trim() || Number.NaN);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * The names of the ceiling variables that are set but not a number ≥ 0: `iofold serve` refuses to
 * start on any, and `/health` names them (a Worker cannot refuse), so a typo never silently
 * leaves the default in force.
 */
export function unreadableCeilings(env: LlmEnv): string[] {
  return Object.values(MODEL_LIMIT_CEILING_ENV).filter(
    (name) => env[name] !== undefined && readCeiling(env[name]) === null,
  );
}

/** The environment variables that configure a server-wide model provider (docs/models.md). */
const LLM_ENV_NAMES = [
  'IOFOLD_LLM_PROVIDER',
  'IOFOLD_LLM_BASE_URL',
  'IOFOLD_LLM_API_KEY',
  'IOFOLD_LLM_MODEL',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'OPENROUTER_API_KEY',
  ...Object.values(MODEL_LIMIT_CEILING_ENV),
] as const;

/** Copies just the model-provider settings out of a process env or Worker bindings object. */
export function pickLlmEnv(env: Readonly<Record<string, unknown>>): LlmEnv {
  const picked: LlmEnv = {};
  for (const name of LLM_ENV_NAMES) {
    const value = env[name];
    if (typeof value === 'string' && value.trim() !== '') {
      picked[name] = value;
    }
  }
  return picked;
}
