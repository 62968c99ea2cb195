import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { sha256Hex } from '@/core/web-crypto';
import { agents, agentVersions, systemPrompts } from '@/db/schema';
import { stableHash } from '../stable-hash';
import { groupSystemPrompt } from '../system-prompts/group-system-prompt';

export type PromptUse = { prompt: string; isNewTrace: boolean; at: Date };
export type PromptLinks = { systemPromptId: string; agentId: string; agentVersionId: string };

function agentNameFor(prompt: string, hash: string): string {
  const firstLine = prompt.split('\n').find((l) => l.trim() !== '') ?? 'agent';
  const words = firstLine
    .replace(/[#*_`>]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 8)
    .join(' ');
  return `${words.slice(0, 60)} · ${hash.slice(0, 6)}`;
}

/**
 * Records each distinct system prompt and links it to an agent version: the version whose template
 * it fits, a discovered version made more general, or a new discovered agent. Returns the links
 * per prompt text and the statements to run in the ingest batch. Ids are derived from content
 * hashes, so concurrent requests agree on them.
 */
export async function discoverAgents(
  ctx: Ctx,
  uses: PromptUse[],
): Promise<{ links: Map<string, PromptLinks>; statements: BatchItem<'sqlite'>[] }> {
  const links = new Map<string, PromptLinks>();
  const statements: BatchItem<'sqlite'>[] = [];
  if (uses.length === 0) {
    return { links, statements };
  }
  const byPrompt = new Map<string, { hash: string; newTraces: number; first: Date; last: Date }>();
  for (const use of uses) {
    const seen = byPrompt.get(use.prompt);
    if (seen) {
      seen.newTraces += use.isNewTrace ? 1 : 0;
      seen.first = use.at < seen.first ? use.at : seen.first;
      seen.last = use.at > seen.last ? use.at : seen.last;
    } else {
      byPrompt.set(use.prompt, {
        hash: await sha256Hex(use.prompt),
        newTraces: use.isNewTrace ? 1 : 0,
        first: use.at,
        last: use.at,
      });
    }
  }
  const hashes = [...new Set([...byPrompt.values()].map((p) => p.hash))];
  const known = new Map<
    string,
    { id: string; agentId: string | null; agentVersionId: string | null }
  >();
  for (let i = 0; i < hashes.length; i += 90) {
    const rows = await ctx.db
      .select({
        id: systemPrompts.id,
        hash: systemPrompts.hash,
        agentId: systemPrompts.agentId,
        agentVersionId: systemPrompts.agentVersionId,
      })
      .from(systemPrompts)
      .where(
        and(
          eq(systemPrompts.workspaceId, ctx.workspaceId),
          inArray(systemPrompts.hash, hashes.slice(i, i + 90)),
        ),
      );
    for (const r of rows) {
      known.set(r.hash, r);
    }
  }
  let versions: { id: string; agentId: string; template: string; generalisable: boolean }[] | null =
    null;
  const loadVersions = async () => {
    const rows = await ctx.db
      .select({
        id: agentVersions.id,
        agentId: agentVersions.agentId,
        template: agentVersions.promptTemplate,
        status: agentVersions.status,
        source: agentVersions.source,
      })
      .from(agentVersions)
      .where(
        and(eq(agentVersions.workspaceId, ctx.workspaceId), ne(agentVersions.status, 'archived')),
      );
    return rows.map((r) => ({
      id: r.id,
      agentId: r.agentId,
      template: r.template,
      generalisable: r.source === 'discovered' && r.status === 'candidate',
    }));
  };

  const now = ctx.now();
  const agentCounts = new Map<string, { count: number; last: Date }>();
  for (const [prompt, info] of byPrompt) {
    const existing = known.get(info.hash);
    let agentId = existing?.agentId ?? null;
    let versionId = existing?.agentVersionId ?? null;
    let values: Record<string, string> = {};
    if (!existing || !agentId || !versionId) {
      versions ??= await loadVersions();
      const decision = groupSystemPrompt(
        prompt,
        versions.map((v) => v.template),
        { canGeneralise: (i) => versions?.[i]?.generalisable ?? false },
      );
      if (decision.kind === 'new') {
        agentId = `ag_${stableHash(`${ctx.workspaceId}\u0000${info.hash}`)}`;
        versionId = `av_${stableHash(`${ctx.workspaceId}\u0000${info.hash}\u0000v1`)}`;
        statements.push(
          ctx.db
            .insert(agents)
            .values({
              id: agentId,
              workspaceId: ctx.workspaceId,
              name: agentNameFor(prompt, info.hash),
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
            .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspaceId))),
        );
        versions.push({ id: versionId, agentId, template: decision.template, generalisable: true });
      } else {
        const version = versions[decision.index] as (typeof versions)[number];
        agentId = version.agentId;
        versionId = version.id;
        values = decision.values;
        if (decision.kind === 'generalise') {
          version.template = decision.template;
          statements.push(
            ctx.db
              .update(agentVersions)
              .set({ promptTemplate: decision.template, variables: decision.variables })
              .where(
                and(
                  eq(agentVersions.id, version.id),
                  eq(agentVersions.workspaceId, ctx.workspaceId),
                ),
              ),
          );
        }
      }
    }
    const systemPromptId =
      existing?.id ?? `spr_${stableHash(`${ctx.workspaceId}\u0000${info.hash}`)}`;
    if (!existing) {
      statements.push(
        ctx.db
          .insert(systemPrompts)
          .values({
            id: systemPromptId,
            workspaceId: ctx.workspaceId,
            hash: info.hash,
            content: prompt,
            agentId,
            agentVersionId: versionId,
            variables: values,
            traceCount: info.newTraces,
            firstSeenAt: info.first,
            lastSeenAt: info.last,
          })
          .onConflictDoUpdate({
            target: [systemPrompts.workspaceId, systemPrompts.hash],
            set: {
              traceCount: sql`${systemPrompts.traceCount} + ${info.newTraces}`,
              lastSeenAt: info.last,
            },
          }),
      );
    } else if (info.newTraces > 0 || !existing.agentId) {
      statements.push(
        ctx.db
          .update(systemPrompts)
          .set({
            traceCount: sql`${systemPrompts.traceCount} + ${info.newTraces}`,
            lastSeenAt: info.last,
            agentId,
            agentVersionId: versionId,
          })
          .where(
            and(eq(systemPrompts.id, existing.id), eq(systemPrompts.workspaceId, ctx.workspaceId)),
          ),
      );
    }
    links.set(prompt, {
      systemPromptId,
      agentId: agentId as string,
      agentVersionId: versionId as string,
    });
    const c = agentCounts.get(agentId as string) ?? { count: 0, last: info.last };
    c.count += info.newTraces;
    c.last = info.last > c.last ? info.last : c.last;
    agentCounts.set(agentId as string, c);
  }
  for (const [agentId, c] of agentCounts) {
    if (c.count > 0) {
      statements.push(
        ctx.db
          .update(agents)
          .set({
            traceCount: sql`${agents.traceCount} + ${c.count}`,
            lastTraceAt: c.last,
            updatedAt: now,
          })
          .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspaceId))),
      );
    }
  }
  return { links, statements };
}
