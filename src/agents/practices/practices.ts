import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { keyedService, service } from '@/core/service';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { type PromptBestPractice, promptBestPractices } from '@/db/schema';
import {
  CreatePracticeInput,
  type Practice,
  PracticeLint,
  UpdatePracticeInput,
} from './practice-input';

const MAX_WORKSPACE_PRACTICES = 200;

const toPractice = (row: PromptBestPractice): Practice => ({
  id: row.id,
  category: row.category,
  title: row.title,
  rule: row.rule,
  trigger: row.trigger,
  lint: row.lint ? PracticeLint.parse(row.lint) : null,
  source: row.source,
  enabled: row.enabled,
});

const mine = (ctx: Ctx, id: string) =>
  inWorkspace(ctx, promptBestPractices, [eq(promptBestPractices.id, id)]);

/** Our rules (rows without a workspace, written by a migration), then the workspace's own, oldest first. */
export async function listPractices(ctx: Ctx): Promise<Practice[]> {
  const rows = await ctx.db
    .select()
    .from(promptBestPractices)
    .where(
      or(
        eq(promptBestPractices.workspaceId, ctx.workspaceId),
        isNull(promptBestPractices.workspaceId),
      ),
    )
    .orderBy(
      desc(sql`${promptBestPractices.workspaceId} is null`),
      asc(promptBestPractices.createdAt),
      asc(promptBestPractices.id),
    );
  return rows.map(toPractice);
}

export const createPractice = service(
  CreatePracticeInput,
  assertCanWrite,
  async (ctx, data): Promise<Practice> => {
    const existing = await selectInWorkspace(ctx, promptBestPractices, {
      id: promptBestPractices.id,
    }).limit(MAX_WORKSPACE_PRACTICES);
    if (existing.length >= MAX_WORKSPACE_PRACTICES) {
      throw new AppError(
        'UNPROCESSABLE',
        `a workspace keeps at most ${MAX_WORKSPACE_PRACTICES} rules: delete one first`,
      );
    }
    const [row] = await ctx.db
      .insert(promptBestPractices)
      .values({
        id: ctx.newId('bp'),
        workspaceId: ctx.workspaceId,
        category: data.category,
        title: data.title,
        rule: data.rule,
        trigger: data.trigger ?? null,
        lint: data.lint ?? null,
        source: 'workspace',
        enabled: data.enabled ?? true,
      })
      .returning();
    return toPractice(row as PromptBestPractice);
  },
);

/** Writers only, and never one of iofold's own rules (CONFLICT). */
async function assertEditable(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const [ours] = await ctx.db
    .select({ id: promptBestPractices.id })
    .from(promptBestPractices)
    .where(and(isNull(promptBestPractices.workspaceId), eq(promptBestPractices.id, id)));
  if (ours) {
    throw new AppError('CONFLICT', `${id} is one of iofold's rules: add a workspace rule instead`);
  }
}

export const updatePractice = keyedService(
  UpdatePracticeInput,
  assertEditable,
  async (ctx, id, data): Promise<Practice> => {
    const [row] = await ctx.db
      .update(promptBestPractices)
      .set({ ...data, updatedAt: ctx.now() })
      .where(mine(ctx, id))
      .returning();
    if (!row) {
      throw notFound('practice', id);
    }
    return toPractice(row);
  },
);

export async function deletePractice(ctx: Ctx, id: string): Promise<void> {
  await assertEditable(ctx, id);
  const [row] = await ctx.db
    .delete(promptBestPractices)
    .where(mine(ctx, id))
    .returning({ id: promptBestPractices.id });
  if (!row) {
    throw notFound('practice', id);
  }
}

/** Words of a trigger, or the eval it names. */
function triggerMatches(trigger: string, failure: { text: string; failedEvals: string[] }) {
  if (trigger.startsWith('eval:')) {
    const name = trigger.slice('eval:'.length).trim().toLowerCase();
    return failure.failedEvals.some((e) => e.toLowerCase() === name) ? 1 : 0;
  }
  const text = failure.text.toLowerCase();
  return trigger
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w && text.includes(w)).length;
}

/**
 * At most `max` enabled rules whose triggers match the failures, the most words matched first
 * (a named eval counts as one word); ties keep the list order (ours, then the workspace's).
 */
export function matchingPractices(
  practices: readonly Practice[],
  failure: { text: string; failedEvals: string[] },
  max = 5,
): Practice[] {
  return practices
    .filter((p) => p.enabled && p.trigger)
    .map((p, i) => ({ p, i, hits: triggerMatches(p.trigger as string, failure) }))
    .filter((m) => m.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, max)
    .map((m) => m.p);
}
