/**
 * A CPU profile of the playground's path to the first token (issue #22), for finding what to cut:
 * `npx tsx bench/playground/ttft-profile.ts chat|direct [calls]` writes
 * `ttft-<mode>.cpuprofile` (open it in Chrome's DevTools) covering only the timed calls, the same
 * calls as playground.bench.ts: `direct` is streamText on the mock provider, `chat` the route.
 * Sessions are created before the profiler starts. Read the two side by side.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { streamText } from 'ai';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { createSession } from '@/playground/create-session';
import { openPlaygroundWorld } from './world';

const mode = process.argv[2] === 'direct' ? 'direct' : 'chat';
const calls = Number(process.argv[3] ?? 300);
const llm = await startMockLlmServer({ responder: () => ({ text: 'Hello, how can I help?' }) });
const { scratch, deps, ctx, app, secretKey, agent, model } = await openPlaygroundWorld(
  llm,
  'playground-profile',
);
try {
  const sessions: string[] = [];
  for (let i = 0; i < calls + 20; i++) {
    sessions.push((await createSession(ctx, { agentId: agent.id })).id);
  }

  async function direct() {
    const result = streamText({ model, system: 'You are the shop agent.', prompt: 'hi' });
    for await (const _ of result.textStream) {
    }
  }
  async function chat(id: string) {
    const response = await app.request(`/v1/playground/sessions/${id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({
        message: { id: `u-${id}`, role: 'user', parts: [{ type: 'text', text: 'hi' }] },
      }),
    });
    await response.text();
  }
  const run = (i: number) => (mode === 'direct' ? direct() : chat(sessions[i] as string));
  for (let i = 0; i < 20; i++) {
    await run(calls + i);
  }
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.post('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    await run(i);
  }
  const elapsed = performance.now() - started;
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(`ttft-${mode}.cpuprofile`, JSON.stringify(profile));
  console.log(
    `${mode}: ${calls} calls, ${(elapsed / calls).toFixed(2)} ms each (wall, whole reply)`,
  );
} finally {
  deps.close();
  scratch.remove();
  await llm.close();
}
