import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import { service } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { agents, agentVersions } from '@/db/schema';
import { AgentView, toAgentView } from './agent-views';
import { getAgentOrThrow } from './get-agent-or-throw';
import { promptLintContext } from './practices/lint-context';
import { lintPrompt } from './practices/lint-prompt';
import type { LintFinding } from './practices/lint-text';
import { LintFindingView } from './practices/practice-input';
import { templateVariables } from './template-variables';

export const CreateAgentInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    promptTemplate: z
      .string()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'System prompt; becomes version 1, active' }),
  })
  .openapi('CreateAgentInput');
export type CreateAgentInput = z.input<typeof CreateAgentInput>;

export const CreatedAgentView = AgentView.extend({
  /** The best-practice lints of the first prompt (advice: never refused); empty without one. */
  lints: z.array(LintFindingView),
}).openapi('CreatedAgent');

/**
 * Creates a confirmed agent; with a prompt template, also its active version 1 (one batch). The
 * answer carries that prompt's lints with the workspace's rules, as every later edit does.
 */
export const createAgent = service(
  CreateAgentInput,
  assertCanWrite,
  async (ctx, parsed): Promise<AgentView & { lints: LintFinding[] }> => {
    const lints =
      parsed.promptTemplate === undefined
        ? []
        : lintPrompt(parsed.promptTemplate, {
            ...(await promptLintContext(ctx, null)),
            previous: null,
          });
    const id = ctx.newId('agt');
    const now = ctx.now();
    const insertAgent = ctx.db.insert(agents).values({
      id,
      workspaceId: ctx.workspaceId,
      name: parsed.name,
      description: parsed.description ?? null,
      status: 'confirmed',
      createdAt: now,
      updatedAt: now,
    });
    await conflictOnDuplicate(`an agent named "${parsed.name}" already exists`, async () => {
      if (parsed.promptTemplate === undefined) {
        await insertAgent;
      } else {
        const versionId = ctx.newId('agv');
        await ctx.db.batch([
          insertAgent,
          ctx.db.insert(agentVersions).values({
            id: versionId,
            workspaceId: ctx.workspaceId,
            agentId: id,
            version: 1,
            promptTemplate: parsed.promptTemplate,
            variables: templateVariables(parsed.promptTemplate),
            status: 'active',
            source: 'manual',
            createdBy: actingUserId(ctx),
            createdAt: now,
            promotedAt: now,
          }),
          ctx.db.update(agents).set({ activeVersionId: versionId }).where(eq(agents.id, id)),
        ]);
      }
    });
    return { ...toAgentView(await getAgentOrThrow(ctx, id)), lints };
  },
);
