import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { preparedPerDb, workspaceParam } from '@/db/prepared';
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
  const [row] = await llmIntegrationQuery(ctx.db).all({ workspaceId: ctx.workspaceId });
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

/** The workspace has a model provider of its own (its calls do not use the server's key). */
export async function hasLlmIntegration(ctx: Pick<Ctx, 'db' | 'workspaceId'>): Promise<boolean> {
  const rows = await llmIntegrationQuery(ctx.db).all({ workspaceId: ctx.workspaceId });
  return rows.length > 0;
}

/** Prepared once per database: the playground reads it before every first token (#22). */
const llmIntegrationQuery = preparedPerDb((db) =>
  db
    .select()
    .from(integrations)
    .where(
      inWorkspace(workspaceParam, integrations, [
        inArray(integrations.kind, ['openai', 'anthropic']),
        eq(integrations.status, 'active'),
      ]),
    )
    .orderBy(asc(integrations.createdAt))
    .limit(1)
    .prepare(),
);
