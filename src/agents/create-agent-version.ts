import { z } from '@hono/zod-openapi';
import { eq, max } from 'drizzle-orm';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { conflictOnDuplicate } from '@/db/errors';
import { selectInWorkspace } from '@/db/in-workspace';
import { agentVersions } from '@/db/schema';
import { AgentVersionView, toAgentVersionView } from './agent-views';
import { getAgentOrThrow, getAgentVersionOrThrow } from './get-agent-or-throw';
import { promptLintContext } from './practices/lint-context';
import { lintPrompt } from './practices/lint-prompt';
import type { LintFinding } from './practices/lint-text';
import { LintFindingView } from './practices/practice-input';
import { templateVariables } from './template-variables';

export const CreateAgentVersionInput = z
  .strictObject({
    promptTemplate: z.string().min(1).max(100_000),
    parentVersionId: z.string().max(100).optional(),
  })
  .openapi('CreateAgentVersionInput');

export const CreatedAgentVersionView = AgentVersionView.extend({
  /** The best-practice lints of the text against its parent's (advice: never refused). */
  lints: z.array(LintFindingView),
}).openapi('CreatedAgentVersion');

/**
 * Adds a candidate version (next number); promote it to make it active. The answer carries the
 * prompt's best-practice lints against the parent version's text (the agent's tools named, the
 * workspace's rules), the same lints as a playground edit.
 */
export async function createAgentVersion(
  ctx: Ctx,
  input: { agentId: string; source?: 'manual' | 'playground' | 'improve' | 'gepa' } & z.input<
    typeof CreateAgentVersionInput
  >,
): Promise<AgentVersionView & { lints: LintFinding[] }> {
  assertCanWrite(ctx);
  const { agentId, source = 'manual', ...rest } = input;
  const parsed = CreateAgentVersionInput.parse(rest);
  const agent = await getAgentOrThrow(ctx, agentId);
  const parentId = parsed.parentVersionId ?? agent.activeVersionId;
  const parent = parentId ? await getAgentVersionOrThrow(ctx, agent.id, parentId) : null;
  const lints = lintPrompt(parsed.promptTemplate, {
    ...(await promptLintContext(ctx, agent.id)),
    previous: parent?.promptTemplate ?? null,
  });
  const [last] = await selectInWorkspace(
    ctx,
    agentVersions,
    { version: max(agentVersions.version) },
    [eq(agentVersions.agentId, agent.id)],
  );
  const id = ctx.newId('agv');
  await conflictOnDuplicate('another version was created at the same time; retry', async () => {
    await ctx.db.insert(agentVersions).values({
      id,
      workspaceId: ctx.workspaceId,
      agentId: agent.id,
      version: (last?.version ?? 0) + 1,
      promptTemplate: parsed.promptTemplate,
      variables: templateVariables(parsed.promptTemplate),
      status: 'candidate',
      source,
      parentVersionId: parsed.parentVersionId ?? agent.activeVersionId,
      createdBy: actingUserId(ctx),
      createdAt: ctx.now(),
    });
  });
  return { ...toAgentVersionView(await getAgentVersionOrThrow(ctx, agent.id, id)), lints };
}
