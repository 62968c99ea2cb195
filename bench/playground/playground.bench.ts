/**
 * Playground (issue #22): time to first token through the chat route (session read, model
 * resolution, step recorder, UI message stream) against `streamText` on the same model server
 * directly (target: added p95 < 20 ms), measured in the same rounds, in wall time and in CPU time
 * (which machine load moves less); and steps persisted per
 * second with 20 sessions streaming at once (each reply: 3 replayed tool calls then an answer,
 * so 7 step rows a turn) into a real SQLite file.
 */
import { streamText } from 'ai';
import { playgroundSteps } from '@/db/schema';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { createSession } from '@/playground/create-session';
import { quantile, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import { openPlaygroundWorld } from './world';

const ROUNDS = 5;
const CALLS = 30;
const CONCURRENT = 20;

const bench = startBench('playground', 'Playground: added time to first token, steps persisted/s');
const llm = await startMockLlmServer({
  responder: (request: MockRequest) => {
    const messages = (request.body.messages ?? []) as { role: string }[];
    const toolResults = messages.filter((m) => m.role === 'tool').length;
    if (request.lastUserText.includes('tools') && toolResults < 3) {
      return { toolCalls: [{ name: 'lookup', arguments: { order: `o${toolResults}` } }] };
    }
    return { text: 'Hello, how can I help you today?' };
  },
});
const { scratch, deps, ctx, app, secretKey, agent, model } = await openPlaygroundWorld(
  llm,
  'playground',
);
try {
  /** CPU ms of this process (user + system): the mock server runs in it too, for both variants. */
  const cpuMs = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };

  /** ms (wall and CPU) to the first text delta, then reads the rest (untimed). */
  async function direct(): Promise<{ first: number; cpu: number }> {
    const cpu0 = cpuMs();
    const started = performance.now();
    const result = streamText({ model, system: 'You are the shop agent.', prompt: 'hi' });
    let first = 0;
    let cpu = 0;
    for await (const delta of result.textStream) {
      if (!first && delta) {
        first = performance.now() - started;
        cpu = cpuMs() - cpu0;
      }
    }
    return { first, cpu };
  }

  async function chat(text: string): Promise<{ first: number; cpu: number; body: string }> {
    const session = await createSession(ctx, { agentId: agent.id });
    const cpu0 = cpuMs();
    const started = performance.now();
    const response = await app.request(`/v1/playground/sessions/${session.id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({
        message: { id: `u-${session.id}`, role: 'user', parts: [{ type: 'text', text }] },
      }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let body = '';
    let first = 0;
    let cpu = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      body += decoder.decode(value);
      if (!first && body.includes('"text-delta"')) {
        first = performance.now() - started;
        cpu = cpuMs() - cpu0;
      }
    }
    return { first, cpu, body };
  }

  for (let i = 0; i < 5; i++) {
    await direct();
    await chat('hi');
  }
  const p95 = { direct: [] as number[], playground: [] as number[], added: [] as number[] };
  const addedCpu = { p50: [] as number[], p95: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const d: Awaited<ReturnType<typeof direct>>[] = [];
    const p: Awaited<ReturnType<typeof chat>>[] = [];
    for (let i = 0; i < CALLS; i++) {
      d.push(await direct());
      p.push(await chat('hi'));
    }
    const wall = (xs: typeof d, q: number) =>
      quantile(
        xs.map((x) => x.first),
        q,
      );
    const cpu = (xs: typeof d, q: number) =>
      quantile(
        xs.map((x) => x.cpu),
        q,
      );
    p95.direct.push(wall(d, 0.95));
    p95.playground.push(wall(p, 0.95));
    p95.added.push(wall(p, 0.95) - wall(d, 0.95));
    addedCpu.p50.push(cpu(p, 0.5) - cpu(d, 0.5));
    addedCpu.p95.push(cpu(p, 0.95) - cpu(d, 0.95));
  }
  bench.figure({
    name: 'baseline: streamText on the mock provider, p95 TTFT',
    unit: 'ms',
    value: spread(p95.direct),
  });
  bench.figure({
    name: 'playground chat route, p95 TTFT',
    unit: 'ms',
    value: spread(p95.playground),
  });
  bench.figure({
    name: 'added p95 TTFT (route - direct, per round; target < 20 ms)',
    unit: 'ms',
    value: spread(p95.added),
  });

  bench.figure({
    name: 'added CPU to first token, p50 (route - direct, per round)',
    unit: 'ms',
    value: spread(addedCpu.p50),
  });
  bench.figure({
    name: 'added CPU to first token, p95 (route - direct, per round)',
    unit: 'ms',
    value: spread(addedCpu.p95),
  });

  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const before = (await deps.db.select({ id: playgroundSteps.id }).from(playgroundSteps)).length;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => chat('tools please')));
    // the last steps are written as the stream ends; the turn's trace follows them
    await new Promise((r) => setTimeout(r, 200));
    const after = (await deps.db.select({ id: playgroundSteps.id }).from(playgroundSteps)).length;
    rates.push(((after - before) / (performance.now() - started)) * 1000);
  }
  bench.figure({
    name: `steps persisted per second, ${CONCURRENT} concurrent sessions`,
    unit: 'steps/s',
    value: spread(rates),
  });
  bench.note(
    `${ROUNDS} rounds x ${CALLS} calls per variant, alternating; TTFT = request start to the first text delta; CPU = this process's user + system time over the same span (the mock server runs in the process for both variants, so the difference is the route's own work). Concurrency: 3 rounds of ${CONCURRENT} sessions, 7 steps each (wall time includes model calls and trace writes).`,
  );
} finally {
  deps.close();
  scratch.remove();
  await llm.close();
}
bench.done();
