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
