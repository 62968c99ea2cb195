import { z } from '@hono/zod-openapi';
import { type LlmEnv, pickLlmEnv } from './pick-llm-env';

/** Node host configuration, parsed once from flags and environment, then passed down. */
const NodeConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().default('./.iofold'),
  /** Defaults to `<dataDir>/iofold.db`. */
  databasePath: z.string().optional(),
  /** A libSQL URL (`libsql://`, `http(s)://`, `file:`); when set it replaces the embedded file. */
  databaseUrl: z
    .string()
    .regex(/^(libsql|https?|wss?|file):/, 'must start with libsql:, http(s):, ws(s): or file:')
    .optional(),
  databaseAuthToken: z.string().optional(),
  /** Base64 or hex key for encrypting integration secrets; defaults to `<dataDir>/secret.key`. */
  secretKey: z.string().optional(),
  /** `local`: Pyodide in isolated child processes (default); `off`: no Python sandbox. */
  sandbox: z.enum(['local', 'off']).default('local'),
  /** Outbound calls to private addresses: unset (refused), `true`, or CIDR ranges (docs/security.md). */
  allowPrivateNetworks: z.string().optional(),
});
export type NodeConfig = z.infer<typeof NodeConfig>;
/** `llmEnv`: the model-provider variables of the environment (see docs/models.md). */
export type ResolvedNodeConfig = NodeConfig & { databasePath: string; llmEnv: LlmEnv };

const blank = (value: unknown) => (value === '' ? undefined : value);

/** Reads `IOFOLD_*` variables; explicit values (CLI flags) win over the environment. */
export function nodeConfigFromEnv(
  env: Record<string, string | undefined>,
  explicit: Partial<Record<keyof NodeConfig, unknown>> = {},
): ResolvedNodeConfig {
  const parsed = NodeConfig.parse({
    host: blank(explicit.host ?? env.IOFOLD_HOST),
    port: blank(explicit.port ?? env.IOFOLD_PORT ?? env.PORT),
    dataDir: blank(explicit.dataDir ?? env.IOFOLD_DATA_DIR),
    databasePath: blank(explicit.databasePath ?? env.IOFOLD_DATABASE_PATH),
    databaseUrl: blank(explicit.databaseUrl ?? env.IOFOLD_DATABASE_URL),
    databaseAuthToken: blank(explicit.databaseAuthToken ?? env.IOFOLD_DATABASE_AUTH_TOKEN),
    secretKey: blank(explicit.secretKey ?? env.IOFOLD_SECRET_KEY),
    sandbox: blank(explicit.sandbox ?? env.IOFOLD_SANDBOX),
    allowPrivateNetworks: blank(explicit.allowPrivateNetworks ?? env.IOFOLD_ALLOW_PRIVATE_NETWORKS),
  });
  return {
    ...parsed,
    databasePath: parsed.databasePath ?? `${parsed.dataDir}/iofold.db`,
    llmEnv: pickLlmEnv(env),
  };
}
