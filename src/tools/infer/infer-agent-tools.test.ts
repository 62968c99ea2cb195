import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { createTestWorkspace } from '@/db/testing';
import { createTestCtx, type createTestDeps } from '@/hosts/test-deps';
import { listAgentTools } from '../registry/bind-agent-tool';
import { registerTool } from '../registry/register-tools';
import { importTranscripts, transcript } from '../replay/testing/transcripts';
import { inferAgentTools } from './infer-agent-tools';

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
beforeEach(async () => {
  ({ deps, ctx } = await createTestCtx());
});
afterEach(() => deps.close());

describe('inferAgentTools', () => {
  it('registers a draft schema per tool of the traces and binds it for replay, idempotently', async () => {
    const { agentId } = await importTranscripts(ctx, [
      transcript('t1', 'mia', { verbose: true }),
      transcript('t2', 'noah'),
    ]);
    const first = await inferAgentTools(ctx, agentId);
    expect(first.registered.map((t) => [t.name, t.origin, t.readOnly])).toEqual([
      ['get_user', 'inferred', false],
    ]);
    expect(first.registered[0]?.inputSchema).toEqual({
      type: 'object',
      properties: { user_id: { type: 'string' }, verbose: { type: 'boolean' } },
      required: ['user_id'],
    });
    await inferAgentTools(ctx, agentId);
    const bound = await listAgentTools(ctx, agentId);
    expect(bound.map((b) => [b.tool.name, b.binding.mode])).toEqual([['get_user', 'replay']]);
  });

  it('leaves a name to the real tool that has it, and answers NOT_FOUND for another workspace', async () => {
    const { agentId } = await importTranscripts(ctx, [transcript('t1', 'mia')]);
    await registerTool(ctx, {
      origin: 'mcp',
      server: 'crm',
      tool: { name: 'get_user', inputSchema: { type: 'object' } },
    });
    const result = await inferAgentTools(ctx, agentId);
    expect(result.registered).toEqual([]);
    expect(result.refused).toEqual([
      { name: 'get_user', reason: 'a mcp tool named get_user exists' },
    ]);
    const ws2 = await createTestWorkspace(deps, 'Other');
    const error = await inferAgentTools({ ...ctx, workspaceId: ws2.id }, agentId).catch((e) => e);
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
  });
});
