import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { idInInput, keyedService } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { inWorkspace } from '@/db/in-workspace';
import { agents } from '@/db/schema';
import { type AgentView, toAgentView } from './agent-views';
import { getAgentOrThrow } from './get-agent-or-throw';

export const UpdateAgentInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    status: z.enum(['confirmed', 'archived']).optional(),
  })
  .openapi('UpdateAgentInput');

/** Renames, describes, confirms or archives an agent. */
export const updateAgent = idInInput<z.input<typeof UpdateAgentInput>, AgentView>(
  keyedService(UpdateAgentInput, assertCanWrite, async (ctx, id, patch): Promise<AgentView> => {
    const agent = await getAgentOrThrow(ctx, id);
    await conflictOnDuplicate(`an agent named "${patch.name}" already exists`, async () => {
      await ctx.db
        .update(agents)
        .set({ ...patch, updatedAt: ctx.now() })
        .where(inWorkspace(ctx, agents, [eq(agents.id, agent.id)]));
    });
    return toAgentView(await getAgentOrThrow(ctx, agent.id));
  }),
);

/** Archives an agent (hidden from lists; its traces and versions stay). */
export function archiveAgent(ctx: Ctx, input: { id: string }): Promise<AgentView> {
  return updateAgent(ctx, { id: input.id, status: 'archived' });
}
