import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { listAgentTools } from '../registry/bind-agent-tool';
import { registerTool } from '../registry/register-tools';
import { importTranscripts, transcript } from '../replay/testing/transcripts';
import { inferAgentTools } from './infer-agent-tools';

const world = ctxWorld();

describe('inferAgentTools', () => {
  it('registers a draft schema per tool of the traces and binds it for replay, idempotently', async () => {
    const { agentId } = await importTranscripts(world.ctx, [
      transcript('t1', 'mia', { verbose: true }),
      transcript('t2', 'noah'),
    ]);
    const first = await inferAgentTools(world.ctx, agentId);
    expect(first.registered.map((t) => [t.name, t.origin, t.readOnly])).toEqual([
      ['get_user', 'inferred', false],
    ]);
    expect(first.registered[0]?.inputSchema).toEqual({
      type: 'object',
      properties: { user_id: { type: 'string' }, verbose: { type: 'boolean' } },
      required: ['user_id'],
    });
    await inferAgentTools(world.ctx, agentId);
    const bound = await listAgentTools(world.ctx, agentId);
    expect(bound.map((b) => [b.tool.name, b.binding.mode])).toEqual([['get_user', 'replay']]);
  });

  it('leaves a name to the real tool that has it, and answers NOT_FOUND for another workspace', async () => {
    const { agentId } = await importTranscripts(world.ctx, [transcript('t1', 'mia')]);
    await registerTool(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tool: { name: 'get_user', inputSchema: { type: 'object' } },
    });
    const result = await inferAgentTools(world.ctx, agentId);
    expect(result.registered).toEqual([]);
    expect(result.refused).toEqual([
      { name: 'get_user', reason: 'a mcp tool named get_user exists' },
    ]);
    const ws2 = await createTestWorkspace(world.deps, 'Other');
    const error = await inferAgentTools({ ...world.ctx, workspaceId: ws2.id }, agentId).catch(
      (e) => e,
    );
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
  });
});
