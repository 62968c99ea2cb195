import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { tools } from '@/db/schema';
import { createTestAgent, createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { bindAgentTool, listAgentTools } from './bind-agent-tool';
import { toolSchemaProblem } from './check-tool-schema';
import { registerTool, registerTools } from './register-tools';
import { rolloutToolMode } from './rollout-tool-mode';

const world = ctxWorld();
let other: Ctx;
beforeEach(async () => {
  other = { ...world.ctx, workspaceId: (await createTestWorkspace(world.deps, 'Other')).id };
});

const object = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});
const lookup = { name: 'get_user', inputSchema: object({ id: { type: 'string' } }, ['id']) };

describe('toolSchemaProblem', () => {
  it('names the keyword and path of an invalid schema', () => {
    expect(toolSchemaProblem(object({ id: { type: 'strin' } }))).toMatch(
      /^inputSchema\.properties\.id\.type: must be one of string, number/,
    );
    expect(toolSchemaProblem({ type: 'object', required: 'id' })).toMatch(
      /^inputSchema\.required: .*expected array/,
    );
    expect(toolSchemaProblem({ type: 'string' })).toMatch(/type must be "object"/);
    expect(toolSchemaProblem([])).toMatch(/must be a JSON Schema object/);
    expect(toolSchemaProblem(object({ a: { $ref: '#/$defs/missing' } }))).toMatch(
      /\$ref "#\/\$defs\/missing" does not resolve/,
    );
    expect(toolSchemaProblem(object({ a: { $ref: 'https://example.com/s.json' } }))).toMatch(
      /is not local/,
    );
    const huge = object({ a: { type: 'string', description: 'x'.repeat(70_000) } });
    expect(toolSchemaProblem(huge)).toMatch(/the limit is 65536/);
  });

  it('accepts real tool schemas: nested objects, arrays, enums, local refs, unknown keywords', () => {
    const schema = {
      type: 'object',
      $defs: { flight: object({ number: { type: 'string' }, date: { type: 'string' } }) },
      properties: {
        cabin: { type: 'string', enum: ['economy', 'business'] },
        flights: { type: 'array', items: { $ref: '#/$defs/flight' } },
        note: { type: ['string', 'null'], format: 'date', 'x-custom': true },
      },
      required: ['cabin'],
      additionalProperties: false,
    };
    expect(toolSchemaProblem(schema)).toBeNull();
  });
});

describe('registerTools', () => {
  it('refuses an invalid schema with the reason and still registers the valid tools', async () => {
    const result = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tools: [lookup, { name: 'bad', inputSchema: object({ id: { type: 5 } }) }],
    });
    expect(result.registered.map((t) => t.name)).toEqual(['get_user']);
    expect(result.refused).toEqual([
      { name: 'bad', reason: expect.stringMatching(/^inputSchema\.properties\.id\.type/) },
    ]);
    const single = await registerTool(world.ctx, {
      origin: 'manual',
      tool: { name: 'bad', inputSchema: { type: 'object', properties: [] } },
    }).catch((error: unknown) => error);
    expect(isAppError(single) && single.code).toBe('VALIDATION');
    expect(isAppError(single) && single.message).toMatch(/tool bad refused: inputSchema\.prop/);
    expect(await world.deps.db.select().from(tools)).toHaveLength(1);
  });

  it('namespaces a name another server already uses as server__tool; re-syncs update in place', async () => {
    const first = await registerTools(world.ctx, { origin: 'mcp', server: 'crm', tools: [lookup] });
    const second = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'billing',
      tools: [lookup],
    });
    expect(second.registered.map((t) => t.name)).toEqual(['billing__get_user']);
    expect(second.registered[0]?.config).toMatchObject({ remoteName: 'get_user' });

    const again = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tools: [{ ...lookup, description: 'Look a user up' }],
    });
    expect(again.registered[0]?.id).toBe(first.registered[0]?.id);
    expect(again.registered[0]?.description).toBe('Look a user up');
    const names = (await world.deps.db.select().from(tools)).map((t) => t.name).sort();
    expect(names).toEqual(['billing__get_user', 'get_user']);

    const manual = await registerTools(world.ctx, { origin: 'manual', tools: [lookup] });
    expect(manual.refused[0]?.reason).toBe('a tool named get_user already exists (from crm)');
    // the same workspace-unique name is free in another workspace
    const elsewhere = await registerTools(other, {
      origin: 'mcp',
      server: 'billing',
      tools: [lookup],
    });
    expect(elsewhere.registered.map((t) => t.name)).toEqual(['get_user']);
  });

  it('makes server names model-safe and refuses a name listed twice', async () => {
    const result = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'fs',
      tools: [
        { name: 'files.read', inputSchema: object() },
        { name: 'files/read', inputSchema: object() },
      ],
    });
    expect(result.registered.map((t) => [t.name, t.config.remoteName])).toEqual([
      ['files_read', 'files.read'],
    ]);
    expect(result.refused).toEqual([
      { name: 'files/read', reason: 'the name files_read is listed twice' },
    ]);
  });

  it('takes read-only from the MCP annotation unless the user set the flag, which later syncs keep', async () => {
    const { registered } = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tools: [
        { ...lookup, annotations: { readOnlyHint: true } },
        { name: 'cancel', inputSchema: object(), annotations: { destructiveHint: true } },
        { name: 'ping', inputSchema: object(), readOnly: true },
      ],
    });
    const readOnly = Object.fromEntries(registered.map((t) => [t.name, t.readOnly]));
    expect(readOnly).toEqual({ get_user: true, cancel: false, ping: true });

    await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tools: [{ ...lookup, readOnly: false }],
    });
    const resync = await registerTools(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tools: [{ ...lookup, annotations: { readOnlyHint: true } }],
    });
    expect(resync.registered[0]?.readOnly).toBe(false);
  });

  it('lets a real tool take over a tool inferred from traces, keeping its id and bindings', async () => {
    const inferred = await registerTool(world.ctx, { origin: 'inferred', tool: lookup });
    const agentId = await createTestAgent(world.ctx, 'airline');
    await bindAgentTool(world.ctx, { agentId, toolId: inferred.id, mode: 'replay' });
    const real = await registerTool(world.ctx, {
      origin: 'mcp',
      server: 'crm',
      tool: { ...lookup, annotations: { readOnlyHint: true } },
    });
    expect(real.id).toBe(inferred.id);
    expect(real).toMatchObject({ origin: 'mcp', server: 'crm', readOnly: true });
    const again = await registerTools(world.ctx, { origin: 'inferred', tools: [lookup] });
    expect(again.registered).toEqual([]);
    expect(again.refused[0]?.reason).toBe('a mcp tool named get_user exists');
    const bound = await listAgentTools(world.ctx, agentId);
    expect(bound.map((b) => [b.tool.name, b.tool.origin, b.binding.mode])).toEqual([
      ['get_user', 'mcp', 'replay'],
    ]);
  });
});

describe('agent tool bindings', () => {
  it('binds a tool per agent with a mode, updates it, and answers NOT_FOUND across workspaces', async () => {
    const tool = await registerTool(world.ctx, { origin: 'mcp', server: 'crm', tool: lookup });
    const agentId = await createTestAgent(world.ctx, 'airline');
    await bindAgentTool(world.ctx, { agentId, toolId: tool.id, mode: 'live' });
    await bindAgentTool(world.ctx, {
      agentId,
      toolId: tool.id,
      mode: 'simulated',
      allowSideEffects: true,
    });
    const bound = await listAgentTools(world.ctx, agentId);
    expect(bound.map((b) => [b.binding.mode, b.binding.allowSideEffects])).toEqual([
      ['simulated', true],
    ]);

    const foreignAgent = await createTestAgent(other, 'airline');
    const errors = await Promise.all([
      bindAgentTool(other, { agentId: foreignAgent, toolId: tool.id, mode: 'live' }).catch(
        (e) => e,
      ),
      bindAgentTool(world.ctx, { agentId: foreignAgent, toolId: tool.id, mode: 'live' }).catch(
        (e) => e,
      ),
      listAgentTools(other, agentId).catch((e) => e),
    ]);
    expect(errors.map((e) => isAppError(e) && e.code)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    const rows = await world.deps.db
      .select()
      .from(tools)
      .where(and(eq(tools.workspaceId, other.workspaceId)));
    expect(rows).toEqual([]);
  });

  it('never runs a tool that is not read-only live without an explicit acceptance', () => {
    const live = { mode: 'live' as const, bindingAllowsSideEffects: false };
    expect(rolloutToolMode({ ...live, readOnly: true })).toBe('live');
    expect(rolloutToolMode({ ...live, readOnly: false })).toBe('replay');
    expect(rolloutToolMode({ ...live, readOnly: false, runAllowsSideEffects: true })).toBe('live');
    expect(rolloutToolMode({ ...live, readOnly: false, bindingAllowsSideEffects: true })).toBe(
      'live',
    );
    expect(
      rolloutToolMode({ mode: 'simulated', readOnly: true, bindingAllowsSideEffects: true }),
    ).toBe('simulated');
  });
});
