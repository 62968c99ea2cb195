import { z } from 'zod';

/** Node host configuration, parsed once from flags and environment, then passed down. */
export const NodeConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().default('./.iofold'),
  /** Defaults to `<dataDir>/iofold.db`. */
  databasePath: z.string().optional(),
});
export type NodeConfig = z.infer<typeof NodeConfig>;

/** Reads `IOFOLD_*` variables; explicit values (CLI flags) win over the environment. */
export function nodeConfigFromEnv(
  env: Record<string, string | undefined>,
  explicit: Partial<Record<keyof NodeConfig, unknown>> = {},
): NodeConfig & { databasePath: string } {
  const parsed = NodeConfig.parse({
    host: explicit.host ?? env.IOFOLD_HOST,
    port: explicit.port ?? env.IOFOLD_PORT ?? env.PORT,
    dataDir: explicit.dataDir ?? env.IOFOLD_DATA_DIR,
    databasePath: explicit.databasePath ?? env.IOFOLD_DATABASE_PATH,
  });
  return { ...parsed, databasePath: parsed.databasePath ?? `${parsed.dataDir}/iofold.db` };
}
