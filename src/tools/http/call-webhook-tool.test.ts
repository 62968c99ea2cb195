import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { tools } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { callWebhookTool } from './call-webhook-tool';
import { registerWebhookTool } from './register-webhook-tool';

const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
const server = createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
  }
  received.push({ path: req.url ?? '', headers: req.headers, body });
  if (req.url === '/slow') {
    return; // never answers
  }
  if (req.url === '/fail') {
    res.writeHead(503).end('upstream down');
    return;
  }
  if (req.url === '/big') {
    res.writeHead(200).end('y'.repeat(10 * 1024 * 1024));
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ got: JSON.parse(body) }));
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const world = ctxWorld(() => ({
  outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') }),
}));
beforeEach(() => {
  received.length = 0;
});

const schema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const webhook = (path: string, name = 'lookup') =>
  registerWebhookTool(world.ctx, {
    name,
    inputSchema: schema,
    url: `${base}${path}`,
    headers: { authorization: 'Bearer hook-secret' },
  });

describe('HTTP webhook tools', () => {
  it('POSTs the arguments as JSON with the secret headers, which are stored encrypted', async () => {
    const tool = await webhook('/ok');
    const result = await callWebhookTool(world.ctx, tool, { id: 'a1' });
    expect(result).toMatchObject({ isError: false, text: '{"got":{"id":"a1"}}' });
    expect(received[0]).toMatchObject({ path: '/ok', body: '{"id":"a1"}' });
    expect(received[0]?.headers.authorization).toBe('Bearer hook-secret');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(tool.origin).toBe('http');
    expect(JSON.stringify(await world.deps.db.select().from(tools))).not.toContain('hook-secret');
  });

  it('turns a non-2xx answer, a timeout and a 10 MB body into results, never exceptions', async () => {
    const failing = await callWebhookTool(world.ctx, await webhook('/fail', 'a'), { id: 'x' });
    expect(failing).toMatchObject({ isError: true, text: 'webhook a answered 503: upstream down' });
    const slow = await callWebhookTool(
      world.ctx,
      await webhook('/slow', 'b'),
      { id: 'x' },
      { timeoutMs: 300 },
    );
    expect(slow).toMatchObject({ isError: true, text: 'webhook b timed out after 300 ms' });
    const big = await callWebhookTool(world.ctx, await webhook('/big', 'c'), { id: 'x' });
    expect(big).toMatchObject({ isError: false, truncated: true, bytes: 10 * 1024 * 1024 });
    expect(big.text).toMatch(/\[truncated: showed 1048576 of 10485760 bytes\]$/);
  });

  it('refuses a private address unless the host allows it, with the guard as the reason', async () => {
    const tool = await webhook('/ok');
    const strict = {
      ...world.ctx,
      outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('') }),
    };
    const refused = await callWebhookTool(strict, tool, { id: 'x' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /^webhook lookup failed: refused to call http:\/\/127\.0\.0\.1:\d+: .*loopback, private/,
    );
    const noGuard = await callWebhookTool({ ...world.ctx, outboundFetch: undefined }, tool, {
      id: 'x',
    });
    expect(noGuard.text).toMatch(/refused to call/);
    expect(received).toEqual([]);
  });

  it('refuses an invalid URL or schema at registration', async () => {
    const bad = await registerWebhookTool(world.ctx, {
      name: 'x',
      inputSchema: schema,
      url: 'ftp://h/x',
    }).catch((e) => e);
    expect(isAppError(bad) && bad.message).toBe('webhook URL must be http or https, not ftp:');
    const badSchema = await registerWebhookTool(world.ctx, {
      name: 'y',
      inputSchema: { type: 'object', properties: { id: { type: 'text' } } },
      url: `${base}/ok`,
    }).catch((e) => e);
    expect(isAppError(badSchema) && badSchema.code).toBe('VALIDATION');
    expect(isAppError(badSchema) && badSchema.message).toMatch(/inputSchema\.properties\.id\.type/);
  });
});
