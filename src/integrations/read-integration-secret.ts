import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type Integration, integrations } from '@/db/schema';
import type { LlmIntegrationRecord } from '@/llm/resolve-llm-config';

/** The decrypted secret of an integration row (null when none). For server-side use only. */
export async function readIntegrationSecret(
  ctx: Pick<Ctx, 'secrets'>,
  row: Pick<Integration, 'secretCiphertext'>,
): Promise<string | null> {
  return row.secretCiphertext ? ctx.secrets.decrypt(row.secretCiphertext) : null;
}

/**
 * The workspace's model provider (first active OpenAI-compatible or Anthropic integration), with
 * its key decrypted, for `resolveLlmProvider`. Null when there is none.
 */
export async function loadLlmIntegration(ctx: Ctx): Promise<LlmIntegrationRecord | null> {
  const [row] = await ctx.db
    .select()
    .from(integrations)
    .where(
      inWorkspace(ctx, integrations, [
        inArray(integrations.kind, ['openai', 'anthropic']),
        eq(integrations.status, 'active'),
      ]),
    )
    .orderBy(asc(integrations.createdAt))
    .limit(1);
  if (!row) {
    return null;
  }
  const model = row.config.model;
  return {
    kind: row.kind === 'anthropic' ? 'anthropic' : 'openai',
    baseUrl: row.baseUrl,
    apiKey: await readIntegrationSecret(ctx, row),
    model: typeof model === 'string' ? model : null,
  };
}
