import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { readEvalView } from '@/traces/stored-eval-view';
import { runWebhookAgent } from './run-webhook-agent';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec-test';
type Reply = (task: Record<string, unknown>, res: ServerResponse) => void;
let reply: Reply = () => {};
const received: { verified: boolean; task: Record<string, unknown> }[] = [];
let url = '';
let server: ReturnType<typeof createServer>;

/** The user's agent endpoint: verifies the signature as docs/rollouts.md shows, then answers. */
async function handle(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
  }
  const header = req.headers[SIGNATURE_HEADER];
  const now = Math.floor(Date.now() / 1000);
  const verified = await verifyWebhookSignature(SECRET, String(header ?? ''), body, now);
  const task = JSON.parse(body) as Record<string, unknown>;
  received.push({ verified, task });
  if (!verified) {
    res.writeHead(401).end('bad signature');
    return;
  }
  reply(task, res);
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (overrides: Partial<Parameters<typeof runWebhookAgent>[0]> = {}) =>
  runWebhookAgent({
    url,
    secret: SECRET,
    rolloutId: 'ro_1',
    attempt: 1,
    system: 'You are the shop agent.',
    task: { user_message: 'cancel A1', variables: { shop: 'north' } },
    timeoutMs: 2000,
    ...overrides,
  });

describe('external agent webhook', () => {
  it('sends a task with a valid signature and stores the transcript it answers as the trace', async () => {
    reply = (task, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          messages: [
            { role: 'system', content: task.system_prompt },
            { role: 'user', content: (task.task as { user_message: string }).user_message },
            { role: 'assistant', content: 'A1 is cancelled.' },
          ],
        }),
      );
    const outcome = await send();
    expect(received.at(-1)).toMatchObject({
      verified: true,
      task: { rollout_id: 'ro_1', attempt: 1, task: { variables: { shop: 'north' } } },
    });
    expect(outcome.status).toBe('succeeded');
    const deps = createTestDeps();
    try {
      const ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id, 'test');
      if (outcome.status !== 'succeeded') {
        throw new Error('not stored');
      }
      const [stored] = (await ingestTraces(ctx, { traces: [outcome.trace] })).traces;
      const [row] = await deps.db
        .select()
        .from(traces)
        .where(eq(traces.id, stored?.id ?? ''));
      expect(row).toMatchObject({ source: 'taskset', externalId: 'ro_1' });
      const view = row && (await readEvalView(row.evalView, deps.db));
      expect(view?.output).toBe('A1 is cancelled.');
    } finally {
      deps.close();
    }
  });

  it('is refused by the receiver when the signature is wrong or stale', async () => {
    reply = (_task, res) => res.writeHead(200).end('{"messages": []}');
    expect(await send({ secret: 'other' })).toEqual({
      status: 'failed',
      reason: 'the agent answered 401: bad signature',
    });
    const stale = await send({ now: () => Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe('failed');
    expect(received.at(-1)?.verified).toBe(false);
  });

  it('ends as timeout, or failed with the reason on a non-2xx or unparsable answer; 202 is pending', async () => {
    reply = () => {}; // never answers
    expect(await send({ timeoutMs: 200 })).toEqual({
      status: 'timeout',
      reason: 'no answer within 200 ms',
    });
    reply = (_task, res) => res.writeHead(500).end('boom');
    expect(await send()).toEqual({ status: 'failed', reason: 'the agent answered 500: boom' });
    reply = (_task, res) => res.writeHead(200).end('not json');
    expect((await send()) as { reason: string }).toMatchObject({ status: 'failed' });
    expect(((await send()) as { reason: string }).reason).toMatch(/^unparsable trace: /);
    reply = (_task, res) => res.writeHead(200).end('{"messages": [{"role": "robot"}]}');
    expect(((await send()) as { reason: string }).reason).toMatch(/unparsable trace: message 0/);
    reply = (_task, res) => res.writeHead(202).end();
    expect(await send()).toEqual({ status: 'pending' });
  });
});
