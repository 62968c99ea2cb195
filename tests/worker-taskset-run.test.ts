import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/jobs/testing';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { type SandboxServer, startSandboxServer } from '@/sandbox/sandbox-server.node.js';
import {
  type ApiCall,
  apiCaller,
  migrateD1,
  seedOwnerKey,
  startApiAndConsumer,
} from './helpers/workerd';

/**
 * A taskset run on the Worker host (#20, "on the Worker (HTTP tools)"): created through the
 * Worker's API, executed by the queue consumer in workerd, the agent's model a local server
 * speaking the provider's protocol, its read-only HTTP webhook tool a local server called live,
 * and its eval run on the remote sandbox service; per-task scores with each rollout's trace.
 */
const SANDBOX_SECRET = 'worker-run-sandbox-secret-0123456789';
const EVAL = `def eval_knows_the_user(trace):
    for step in trace["steps"]:
        for call in step["tool_calls"]:
            if call["name"] == "get_user" and "Mia" in str(call["result"]):
                return True, "looked the user up"
    return False, "never looked the user up"
`;
const sandbox = createPyodideSandbox({ poolSize: 1 });
let sandboxServer: SandboxServer;
let llm: MockLlmServer;
let tool: Server;
let toolUrl: string;
const toolCalls: unknown[] = [];
let mf: Miniflare;
let call: ApiCall;

beforeAll(async () => {
  sandboxServer = await startSandboxServer({ port: 0, secret: SANDBOX_SECRET, sandbox });
  llm = await startMockLlmServer();
  // the agent looks the user up on a task that asks who they are, then answers with the result
  llm.setResponder((request) => {
    const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
    const last = messages.at(-1);
    if (last?.role === 'tool') {
      return { text: `You are ${String(last.content).slice(0, 80)}` };
    }
    return request.lastUserText.includes('who am I')
      ? { toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }] }
      : { text: 'Hello!' };
  });
  tool = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      toolCalls.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'mia', name: 'Mia' }));
    });
  });
  await new Promise<void>((resolve) => tool.listen(0, '127.0.0.1', resolve));
  toolUrl = `http://127.0.0.1:${(tool.address() as AddressInfo).port}/get_user`;
  mf = await startApiAndConsumer({
    bindings: {
      IOFOLD_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
      SANDBOX_URL: sandboxServer.url,
      SANDBOX_SECRET,
      IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
      // the webhook tool listens on loopback: this local Worker may call it
      IOFOLD_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    },
  });
  call = apiCaller(mf, await seedOwnerKey(await migrateD1(mf, 'api'), 'ws_runs'));
}, 120_000);
afterAll(async () => {
  await mf?.dispose();
  await llm?.close();
  await new Promise((resolve) => tool?.close(resolve));
  await sandboxServer?.close();
  await sandbox.close();
});

describe('a taskset run on the Worker host', () => {
  it('runs through the queue consumer with a live HTTP tool and scores each task by the eval', async () => {
    const agent = (await call('POST', '/v1/agents', { name: 'support' })).body;
    const registered = await call('POST', '/v1/tools', {
      name: 'get_user',
      description: 'Look a user up by id',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      readOnly: true,
      webhook: { url: toolUrl },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const bound = await call('PUT', `/v1/agents/${agent.id}/tools/${registered.body.id}`, {
      mode: 'live',
    });
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    const evalRow = await call('POST', '/v1/evals', { agentId: agent.id, code: EVAL });
    expect(evalRow.status, JSON.stringify(evalRow.body)).toBe(201);
    expect((await call('POST', `/v1/evals/${evalRow.body.id}/activate`)).status).toBe(200);
    const taskset = await call('POST', '/v1/tasksets', {
      agentId: agent.id,
      name: 'worker',
      tasks: [
        { externalId: 'asks', userMessage: 'who am I?' },
        { externalId: 'greets', userMessage: 'hi there' },
      ],
    });
    expect(taskset.status, JSON.stringify(taskset.body)).toBe(201);

    const created = await call('POST', '/v1/taskset-runs', {
      tasksetId: taskset.body.taskset.id,
      promptText: 'You are the support agent.',
      k: 2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await waitFor(async () => {
      const { body } = await call('GET', `/v1/taskset-runs/${created.body.id}`);
      return ['succeeded', 'failed', 'cancelled', 'stopped'].includes(body.status)
        ? body
        : undefined;
    }, 90_000);
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    expect(run.progress).toEqual({ planned: 4, done: 4 });
    expect(run.summary).toMatchObject({ tasks: 2, succeeded: 4, failed: 0, meanScore: 0.5 });

    // the tool ran live, once per rollout of the task that asked, with the model's arguments
    expect(toolCalls).toEqual([{ id: 'mia' }, { id: 'mia' }]);
    const results = (await call('GET', `/v1/taskset-runs/${run.id}/results`)).body.data;
    expect(
      results.map((t: { externalId: string; score: number }) => [t.externalId, t.score]),
    ).toEqual([
      ['asks', 1],
      ['greets', 0],
    ]);
    expect(results[0].evalResults).toMatchObject({
      eval_knows_the_user: { passed: true },
    });
    const traceId = results[0].rollouts[0].traceId;
    const trace = await call('GET', `/v1/traces/${traceId}`);
    expect(trace.status).toBe(200);
    const toolSpans = (
      trace.body.spans as { kind: string; name: string; attributes: Record<string, unknown> }[]
    ).filter((s) => s.kind === 'TOOL');
    expect(toolSpans.map((s) => [s.name, s.attributes['iofold.tool.mode']])).toEqual([
      ['get_user', 'live'],
    ]);
    // the agent's answer quotes the webhook's reply; the eval's verdict is on the trace
    expect(trace.body.evalView.output).toBe('You are {"id":"mia","name":"Mia"}');
    expect(trace.body.metadata).toMatchObject({ run_id: run.id, user_mode: 'single' });
    expect(trace.body.evalResults).toMatchObject([
      { evalName: 'eval_knows_the_user', status: 'pass', reason: 'looked the user up' },
    ]);
  }, 180_000);
});
