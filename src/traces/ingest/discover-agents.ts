import { eq, inArray, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { sha256HexSync } from '@/core/sha256';
import { sha256Hex } from '@/core/web-crypto';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { preparedIdList, workspaceParam } from '@/db/prepared';
import { agents, systemPrompts } from '@/db/schema';
import { stableHash } from '../stable-hash';
import { promptDelta } from '../system-prompts/prompt-delta';
import { linkToAgentVersion, loadVersionsOnce } from './link-agent-version';

/** A trace's system prompt, with the prompt and agent it was counted under before (null: none). */
export type PromptUse = {
  prompt: string;
  previous: { systemPromptId: string | null; agentId: string | null } | null;
  at: Date;
};
export type PromptLinks = { systemPromptId: string; agentId: string; agentVersionId: string };
/** An agent version new prompts are linked to instead of being grouped (a rollout's own agent). */
export type OwnerLink = { agentId: string; agentVersionId: string };
type KnownPrompt = { id: string; agentId: string | null; agentVersionId: string | null };
type Statements = BatchItem<'sqlite'>[];

/**
 * Prompts up to this many characters are hashed on the thread: Web Crypto's digest runs on the
 * libuv pool on Node, and waiting for it let other requests parse and plan while this one's whole
 * plan was alive (bench/README.md).
 */
const HASH_ON_THREAD_CHARS = 64 * 1024;

const promptHash = (prompt: string) =>
  prompt.length <= HASH_ON_THREAD_CHARS ? sha256HexSync(prompt) : sha256Hex(prompt);

async function hashPrompts(uses: PromptUse[]) {
  const byPrompt = new Map<string, { hash: string; first: Date; last: Date }>();
  for (const use of uses) {
    const seen = byPrompt.get(use.prompt);
    if (seen) {
      seen.first = new Date(Math.min(use.at.getTime(), seen.first.getTime()));
      seen.last = new Date(Math.max(use.at.getTime(), seen.last.getTime()));
    } else {
      byPrompt.set(use.prompt, { hash: await promptHash(use.prompt), first: use.at, last: use.at });
    }
  }
  return byPrompt;
}

/** The workspace's stored prompts of these hashes; prepared (every ingest with a prompt reads it). */
const promptsByHash = preparedIdList((db, hashes) =>
  db
    .select({
      id: systemPrompts.id,
      hash: systemPrompts.hash,
      agentId: systemPrompts.agentId,
      agentVersionId: systemPrompts.agentVersionId,
    })
    .from(systemPrompts)
    .where(inWorkspace(workspaceParam, systemPrompts, [inArray(systemPrompts.hash, hashes)]))
    .prepare(),
);

async function loadKnownPrompts(ctx: Ctx, hashes: string[]): Promise<Map<string, KnownPrompt>> {
  const known = new Map<string, KnownPrompt>();
  for (const r of await promptsByHash(ctx.db, hashes, { workspaceId: ctx.workspaceId })) {
    known.set(r.hash, r);
  }
  return known;
}

/**
 * Records each distinct system prompt and links it to an agent version: the version whose template
 * it fits, a discovered version made more general, or a new discovered agent. Returns the links
 * per prompt text and the statements to run in the ingest batch, counts included: a trace counts
 * for the prompt and agent it is linked to now, and stops counting for the ones it left (a
 * system prompt that arrives in a later request). Ids are content hashes, so writers agree on them.
 * With `owner`, a prompt not seen before is linked to that version as it is (no grouping).
 */
export async function discoverAgents(
  ctx: Ctx,
  uses: PromptUse[],
  owner?: OwnerLink,
): Promise<{ links: Map<string, PromptLinks>; statements: Statements }> {
  const links = new Map<string, PromptLinks>();
  const statements: Statements = [];
  if (uses.length === 0) {
    return { links, statements };
  }
  const byPrompt = await hashPrompts(uses);
  const known = await loadKnownPrompts(ctx, [
    ...new Set([...byPrompt.values()].map((p) => p.hash)),
  ]);
  const versions = loadVersionsOnce(ctx);
  const bases = promptBases(ctx);
  for (const [prompt, info] of byPrompt) {
    const existing = known.get(info.hash);
    let link: Omit<PromptLinks, 'systemPromptId'> & { values: Record<string, string> };
    if (existing?.agentId && existing.agentVersionId) {
      link = { agentId: existing.agentId, agentVersionId: existing.agentVersionId, values: {} };
    } else if (owner) {
      link = { ...owner, values: {} };
    } else {
      link = await linkToAgentVersion(ctx, prompt, info.hash, await versions(), statements);
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
            ...(await bases.store(link, systemPromptId, prompt)),
            agentId: link.agentId,
            agentVersionId: link.agentVersionId,
            variables: link.values,
            traceCount: 0,
            firstSeenAt: info.first,
            lastSeenAt: info.last,
          })
          .onConflictDoNothing(),
      );
    } else if (!existing.agentId) {
      statements.push(
        ctx.db
          .update(systemPrompts)
          .set({ agentId: link.agentId, agentVersionId: link.agentVersionId })
          .where(inWorkspace(ctx, systemPrompts, [eq(systemPrompts.id, existing.id)])),
      );
    }
    links.set(prompt, {
      systemPromptId,
      agentId: link.agentId,
      agentVersionId: link.agentVersionId,
    });
  }
  statements.push(...countStatements(ctx, uses, links));
  return { links, statements };
}

/**
 * Per agent version, a prompt stored whole that its new prompts are stored against (as deltas):
 * one already in the database (the first found through the agent's index), else the first new
 * one of this request.
 */
function promptBases(ctx: Ctx) {
  const bases = new Map<string, { id: string; content: string } | null>();
  return {
    async store(
      link: { agentId: string; agentVersionId: string },
      id: string,
      prompt: string,
    ): Promise<{ content: string; baseId: string | null }> {
      if (!bases.has(link.agentVersionId)) {
        const [found] = await selectInWorkspace(
          ctx,
          systemPrompts,
          { id: systemPrompts.id, content: systemPrompts.content },
          [
            eq(systemPrompts.agentId, link.agentId),
            eq(systemPrompts.agentVersionId, link.agentVersionId),
            isNull(systemPrompts.baseId),
          ],
        ).limit(1);
        bases.set(link.agentVersionId, found ?? null);
      }
      const base = bases.get(link.agentVersionId);
      const delta = base ? promptDelta(base.content, prompt) : null;
      if (base && delta) {
        return { content: JSON.stringify(delta), baseId: base.id };
      }
      if (!base) {
        bases.set(link.agentVersionId, { id, content: prompt });
      }
      return { content: prompt, baseId: null };
    },
  };
}

type Tally = Map<string, { delta: number; last: Date | null }>;

function tally(counts: Tally, id: string | null | undefined, delta: number, at: Date | null) {
  if (!id) {
    return;
  }
  const c = counts.get(id) ?? { delta: 0, last: null };
  c.delta += delta;
  if (at && (!c.last || at > c.last)) {
    c.last = at;
  }
  counts.set(id, c);
}

/** Trace counts follow each trace's link: +1 where it now belongs, -1 where it was counted before. */
function countStatements(ctx: Ctx, uses: PromptUse[], links: Map<string, PromptLinks>): Statements {
  const prompts: Tally = new Map();
  const agentCounts: Tally = new Map();
  for (const use of uses) {
    const link = links.get(use.prompt);
    if (!link) {
      continue;
    }
    if (use.previous?.systemPromptId !== link.systemPromptId) {
      tally(prompts, link.systemPromptId, 1, use.at);
      tally(prompts, use.previous?.systemPromptId, -1, null);
    }
    if (use.previous?.agentId !== link.agentId) {
      tally(agentCounts, link.agentId, 1, use.at);
      tally(agentCounts, use.previous?.agentId, -1, null);
    }
  }
  return [
    ...changedCounts(prompts).map(({ id, delta, last }) =>
      ctx.db
        .update(systemPrompts)
        .set({
          traceCount: sql`${systemPrompts.traceCount} + ${delta}`,
          ...(last ? { lastSeenAt: sql`max(${systemPrompts.lastSeenAt}, ${last.getTime()})` } : {}),
        })
        .where(inWorkspace(ctx, systemPrompts, [eq(systemPrompts.id, id)])),
    ),
    ...changedCounts(agentCounts).map(({ id, delta, last }) =>
      ctx.db
        .update(agents)
        .set({
          traceCount: sql`${agents.traceCount} + ${delta}`,
          ...(last
            ? { lastTraceAt: sql`max(coalesce(${agents.lastTraceAt}, 0), ${last.getTime()})` }
            : {}),
          updatedAt: ctx.now(),
        })
        .where(inWorkspace(ctx, agents, [eq(agents.id, id)])),
    ),
  ];
}

/** The rows whose trace count changed, with the change and the newest trace they gained. */
function changedCounts(counts: Tally): { id: string; delta: number; last: Date | null }[] {
  return [...counts].filter(([, c]) => c.delta !== 0).map(([id, c]) => ({ id, ...c }));
}
