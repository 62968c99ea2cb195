/** Model-provider settings as read from a host's environment (`resolveLlmConfig` reads them). */
export type LlmEnv = Record<string, string | undefined>;

/** The environment variables that configure a server-wide model provider (docs/models.md). */
const LLM_ENV_NAMES = [
  'IOFOLD_LLM_PROVIDER',
  'IOFOLD_LLM_BASE_URL',
  'IOFOLD_LLM_API_KEY',
  'IOFOLD_LLM_MODEL',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'OPENROUTER_API_KEY',
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
