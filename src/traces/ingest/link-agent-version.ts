import { eq, ne, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { agents, agentVersions } from '@/db/schema';
import { stableHash } from '../stable-hash';
import { groupSystemPrompt } from '../system-prompts/group-system-prompt';
import { agentNameFromPrompt } from './agent-name';

export type KnownVersion = {
  id: string;
  agentId: string;
  template: string;
  generalisable: boolean;
};

/**
 * The new agent's name from its prompt; when another agent of the workspace has it already, the
 * prompt's hash tells them apart. Decided inside the insert, so concurrent writers cannot collide.
 */
function agentNameFor(ctx: Ctx, prompt: string, hash: string): SQL {
  const name = agentNameFromPrompt(prompt);
  return sql`(select case when exists (select 1 from ${agents} where ${agents.workspaceId} = ${ctx.workspaceId} and ${agents.name} = ${name}) then ${`${name} · ${hash.slice(0, 6)}`} else ${name} end)`;
}

/** The workspace's live agent versions, read at most once per ingest (on the first unknown prompt). */
export function loadVersionsOnce(ctx: Ctx): () => Promise<KnownVersion[]> {
  let loaded: Promise<KnownVersion[]> | null = null;
  return () => {
    loaded ??= selectInWorkspace(
      ctx,
      agentVersions,
      {
        id: agentVersions.id,
        agentId: agentVersions.agentId,
        template: agentVersions.promptTemplate,
        status: agentVersions.status,
        source: agentVersions.source,
      },
      [ne(agentVersions.status, 'archived')],
    ).then((rows) =>
      rows.map((r) => ({
        id: r.id,
        agentId: r.agentId,
        template: r.template,
        generalisable: r.source === 'discovered' && r.status === 'candidate',
      })),
    );
    return loaded;
  };
}

/**
 * The agent version a new system prompt belongs to: one whose template it fits, a discovered
 * version generalised to cover it, or a new discovered agent. Pushes the writes that takes onto
 * `statements` and keeps `versions` current for the next prompt of the same request.
 */
export async function linkToAgentVersion(
  ctx: Ctx,
  prompt: string,
  hash: string,
  versions: KnownVersion[],
  statements: BatchItem<'sqlite'>[],
): Promise<{ agentId: string; agentVersionId: string; values: Record<string, string> }> {
  const decision = groupSystemPrompt(
    prompt,
    versions.map((v) => v.template),
    { canGeneralise: (i) => versions[i]?.generalisable ?? false },
  );
  if (decision.kind === 'new') {
    const agentId = `ag_${stableHash(`${ctx.workspaceId}\u0000${hash}`)}`;
    const versionId = `av_${stableHash(`${ctx.workspaceId}\u0000${hash}\u0000v1`)}`;
    statements.push(
      ctx.db
        .insert(agents)
        .values({
          id: agentId,
          workspaceId: ctx.workspaceId,
          name: agentNameFor(ctx, prompt, hash),
          status: 'discovered',
        })
        .onConflictDoNothing(),
      ctx.db
        .insert(agentVersions)
        .values({
          id: versionId,
          workspaceId: ctx.workspaceId,
          agentId,
          version: 1,
          promptTemplate: decision.template,
          variables: decision.variables,
          status: 'candidate',
          source: 'discovered',
        })
        .onConflictDoNothing(),
      ctx.db
        .update(agents)
        .set({ activeVersionId: versionId })
        .where(inWorkspace(ctx, agents, [eq(agents.id, agentId)])),
    );
    versions.push({ id: versionId, agentId, template: decision.template, generalisable: true });
    return { agentId, agentVersionId: versionId, values: {} };
  }
  const version = versions[decision.index] as KnownVersion;
  if (decision.kind === 'generalise') {
    version.template = decision.template;
    statements.push(
      ctx.db
        .update(agentVersions)
        .set({ promptTemplate: decision.template, variables: decision.variables })
        .where(inWorkspace(ctx, agentVersions, [eq(agentVersions.id, version.id)])),
    );
  }
  return { agentId: version.agentId, agentVersionId: version.id, values: decision.values };
}
