import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { createSystemCtx } from '@/core/system-ctx';
import { tools } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { createMcpClient, type McpClient, type McpConnection } from './mcp-client';
import { mcpConnectionOf } from './mcp-connection-config';
import { openStdioTransport } from './mcp-stdio.node';
import { syncMcpServer } from './sync-mcp-server';
import { startHttpMcpServer, TEST_MCP_SERVER_FILE } from './testing/mcp-test-server.node';

const stdio: McpConnection = {
  transport: 'stdio',
  command: process.execPath,
  args: ['--import', 'tsx', TEST_MCP_SERVER_FILE],
  env: { PATH: process.env.PATH ?? '', TEST_TOKEN: 'token-do-not-store' },
};

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
const opened: McpClient[] = [];
const servers: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id, 'test');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  deps.close();
});

const client = (connection: McpConnection, server = 'test') => {
  const c = createMcpClient(connection, { server, timeoutMs: 10_000, stdio: openStdioTransport });
  opened.push(c);
  return c;
};
const user = (text: string) => JSON.parse(text) as { id: string; name: string };

describe('MCP over stdio', () => {
  it('registers the listed tools with annotations, refuses the invalid schema, keeps env encrypted', async () => {
    const result = await syncMcpServer(ctx, {
      server: 'crm',
      connection: stdio,
      stdio: openStdioTransport,
    });
    const byName = Object.fromEntries(result.registered.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['big_output', 'cancel_order', 'die', 'get_user']);
    expect(byName.get_user).toMatchObject({
      origin: 'mcp',
      server: 'crm',
      readOnly: true,
      annotations: { readOnlyHint: true },
      description: 'Look a user up by id',
    });
    expect(byName.cancel_order?.readOnly).toBe(false);
    expect(result.refused).toEqual([
      { name: 'broken', reason: expect.stringMatching(/^inputSchema\.properties\.id\.type/) },
    ]);
    const stored = JSON.stringify(await deps.db.select().from(tools));
    expect(stored).not.toContain('token-do-not-store');
    const tool = byName.get_user;
    expect(tool && (await mcpConnectionOf(ctx, tool))).toEqual(stdio);
  });

  it('calls tools; a 10 MB output is truncated and marked', async () => {
    const c = client(stdio);
    const found = await c.callTool('get_user', { id: 'mia_li_3668' });
    expect(found.isError).toBe(false);
    expect(user(found.text)).toEqual({ id: 'mia_li_3668', name: 'Mia' });
    const big = await c.callTool('big_output', {});
    expect(big).toMatchObject({ isError: false, truncated: true, bytes: 10 * 1024 * 1024 });
    expect(big.text.length).toBeLessThan(1024 * 1024 + 100);
    expect(big.text).toMatch(/\n\[truncated: showed 1048576 of 10485760 bytes\]$/);
    const unknown = await c.callTool('nope', {});
    expect(unknown).toMatchObject({ isError: true, text: 'unknown tool nope' });
  });

  it('gives a tool error when the server dies mid-call, and reconnects on the next call', async () => {
    const c = client(stdio, 'crm');
    expect((await c.callTool('get_user', { id: 'a' })).isError).toBe(false);
    const died = await c.callTool('die', {});
    expect(died.isError).toBe(true);
    expect(died.text).toMatch(/^MCP server crm: .*(closed|Connection)/i);
    const after = await c.callTool('get_user', { id: 'b' });
    expect(after.isError).toBe(false);
    expect(user(after.text).id).toBe('b');
  });

  it('answers plainly on a host that cannot start stdio servers (the Worker)', async () => {
    const noSpawn = createMcpClient(stdio, { server: 'crm' });
    opened.push(noSpawn);
    const listed = await noSpawn.listTools().catch((e) => e);
    expect(isAppError(listed) && listed.code).toBe('UNAVAILABLE');
    expect(await noSpawn.callTool('get_user', { id: 'a' })).toMatchObject({
      isError: true,
      text: 'MCP server crm: stdio MCP servers run only on the Node host',
    });
  });
});

describe('MCP over Streamable HTTP', () => {
  it('lists and calls tools; a dead server is a tool error, then the next call reconnects', async () => {
    const first = await startHttpMcpServer();
    servers.push(first);
    const c = client({ transport: 'http', url: first.url }, 'web');
    expect((await c.listTools()).map((t) => t.name)).toContain('get_user');
    expect(user((await c.callTool('get_user', { id: 'x' })).text).id).toBe('x');
    expect(await c.callTool('big_output', {})).toMatchObject({ truncated: true, isError: false });

    const died = await c.callTool('die', {});
    expect(died.isError).toBe(true);
    expect(died.text).toMatch(/^MCP server web: /);
    expect(user((await c.callTool('get_user', { id: 'y' })).text).id).toBe('y');

    await first.close();
    servers.pop();
    const down = await c.callTool('get_user', { id: 'z' });
    expect(down.isError).toBe(true);
    const again = await startHttpMcpServer(first.port);
    servers.push(again);
    expect(user((await c.callTool('get_user', { id: 'z' })).text).id).toBe('z');
  });

  it('namespaces the tools of a second server that shares their names', async () => {
    const http = await startHttpMcpServer();
    servers.push(http);
    await syncMcpServer(ctx, { server: 'crm', connection: stdio, stdio: openStdioTransport });
    const second = await syncMcpServer(ctx, {
      server: 'web',
      connection: { transport: 'http', url: http.url, headers: { authorization: 'Bearer s3cret' } },
    });
    expect(second.registered.map((t) => t.name).sort()).toEqual([
      'web__big_output',
      'web__cancel_order',
      'web__die',
      'web__get_user',
    ]);
    expect(second.registered.every((t) => t.config.remoteName === t.name.slice(5))).toBe(true);
    expect(JSON.stringify(second.registered)).not.toContain('s3cret');
  });

  it('refuses a private-address server through the guarded fetch unless the host allows it', async () => {
    const http = await startHttpMcpServer();
    servers.push(http);
    const connection: McpConnection = { transport: 'http', url: http.url };
    const guarded = {
      ...ctx,
      outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('') }),
    };
    const refused = await syncMcpServer(guarded, { server: 'web', connection }).catch((e) => e);
    expect(isAppError(refused) && refused.code).toBe('UNAVAILABLE');
    expect(isAppError(refused) && refused.message).toMatch(/loopback, private/);
    const allowed = {
      ...ctx,
      outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') }),
    };
    const ok = await syncMcpServer(allowed, { server: 'web', connection });
    expect(ok.registered).toHaveLength(4);
  });
});
