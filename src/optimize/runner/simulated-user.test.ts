import { createOpenAI } from '@ai-sdk/openai';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { spans, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockReply, MockRequest } from '@/llm/testing/mock-reply';
import { createToolRouter } from '@/tools/call/tool-router';
import { createReplayIndex } from '@/tools/replay/replay-index';
import { readEvalView } from '@/traces/stored-eval-view';
import { runRollout, type UserPlan } from './run-rollout';
import { splitStopMarker } from './simulated-user';
import { writeRolloutTrace } from './write-rollout-trace';

let llm: MockLlmServer;
let deps: ReturnType<typeof createTestDeps>;
beforeAll(async () => {
  llm = await startMockLlmServer();
  deps = createTestDeps();
});
afterAll(async () => {
  deps.close();
  await llm.close();
});

type Message = { role: string; content: unknown };
const messagesOf = (request: MockRequest) => (request.body.messages ?? []) as Message[];
const systemOf = (request: MockRequest) => String(messagesOf(request)[0]?.content ?? '');

/** The simulated user says each line in turn; the agent echoes what it was told. */
function conversation(userLines: string[], agent?: (r: MockRequest) => MockReply) {
  llm.setResponder((request) => {
    if (systemOf(request).includes('You write the scenario')) {
      return { text: 'You are Mia; you want order A1 cancelled.' };
    }
    if (systemOf(request).includes('role-playing a customer')) {
      const said = messagesOf(request).filter((m) => m.role === 'assistant').length;
      return { text: userLines[said] ?? 'bye ###STOP###', usage: { inputTokens: 7 } };
    }
    return agent?.(request) ?? { text: `agent heard: ${request.lastUserText}` };
  });
}

const model = (id: string) => createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'test' }).chat(id);
const SCENARIO = { persona: 'Mia, in a hurry', instructions: { reason_for_call: 'cancel A1' } };

function rollout(user: Partial<Extract<UserPlan, { mode: 'simulated' }>>) {
  return runRollout({
    system: 'You are the shop agent.',
    model: model('agent-model'),
    tools: [],
    router: createToolRouter(
      { ...deps, workspaceId: 'none' },
      { tools: [], replay: createReplayIndex([]), scope: {} },
    ),
    user: {
      mode: 'simulated',
      model: model('sim-model'),
      scenario: SCENARIO,
      maxTurns: 5,
      ...user,
    },
    stepsPerTurn: 2,
  });
}

const said = (outcome: Awaited<ReturnType<typeof rollout>>) =>
  outcome.transcript.slice(1).map((m) => `${m.role}: ${m.content}`);
/** What `said` reads when the user says each line and the agent of `conversation` echoes it. */
const echoed = (...userLines: string[]) =>
  userLines.flatMap((line) => [`user: ${line}`, `assistant: agent heard: ${line}`]);

beforeEach(() => {
  llm.requests.length = 0;
});

describe('simulated user', () => {
  it('talks from the scenario until its stop marker, keeping its last words', async () => {
    conversation(['I want to cancel A1', 'yes, A1 please', 'thanks! ###STOP###']);
    const outcome = await rollout({});
    expect(outcome.termination).toBe('user_stop');
    expect(said(outcome)).toEqual([
      ...echoed('I want to cancel A1', 'yes, A1 please'),
      'user: thanks!',
    ]);
    // the simulator sees the scenario, and the agent's words as the other side
    const simulator = llm.requests.filter((r) => r.model === 'sim-model');
    expect(simulator).toHaveLength(3);
    expect(systemOf(simulator[0] as MockRequest)).toContain('reason for call: cancel A1');
    expect(messagesOf(simulator[2] as MockRequest).slice(1)).toEqual([
      { role: 'user', content: 'Hi! How can I help you today?' },
      { role: 'assistant', content: 'I want to cancel A1' },
      { role: 'user', content: 'agent heard: I want to cancel A1' },
      { role: 'assistant', content: 'yes, A1 please' },
      { role: 'user', content: 'agent heard: yes, A1 please' },
    ]);
    // the agent never sees the scenario
    const agentRequests = llm.requests.filter((r) => r.model === 'agent-model');
    expect(agentRequests).toHaveLength(2);
    expect(JSON.stringify(agentRequests)).not.toMatch(/in a hurry|reason for call/);
    expect(outcome.userSimulator.map((c) => c.atMessage)).toEqual([1, 3, 5]);
  });

  it('ends at the turn cap after the agent answers the last allowed message', async () => {
    conversation(['one', 'two', 'three', 'four']);
    const outcome = await rollout({ maxTurns: 2, firstMessage: 'recorded opening' });
    expect(outcome.termination).toBe('turn_cap');
    expect(said(outcome)).toEqual(echoed('recorded opening', 'two'));
    expect(outcome.userSimulator).toHaveLength(1);
  });

  it('writes a scenario from the source turns first when the task has none', async () => {
    conversation(['cancel A1 please ###STOP###']);
    const outcome = await rollout({ scenario: { sourceTurns: ['hi, cancel my order A1'] } });
    expect(outcome.termination).toBe('user_stop');
    expect(outcome.userSimulator.map((c) => c.name)).toEqual([
      'user simulator: write scenario',
      'user simulator',
    ]);
    const [, second] = llm.requests;
    expect(systemOf(second as MockRequest)).toContain('You are Mia; you want order A1 cancelled.');
  });

  it('ends with an error naming the simulator when its model fails', async () => {
    llm.setResponder((request) =>
      request.model === 'sim-model' ? { type: 'auth_error' } : { text: 'hello' },
    );
    const outcome = await rollout({});
    expect(outcome.termination).toBe('error');
    expect(outcome.error).toMatch(/^user simulator: /);
  });

  it('reads each stop marker, wherever it stands', () => {
    expect(splitStopMarker('ok bye ###STOP###')).toEqual({ text: 'ok bye', stop: true });
    expect(splitStopMarker('###TRANSFER###')).toEqual({ text: '', stop: true });
    expect(splitStopMarker('go on')).toEqual({ text: 'go on', stop: false });
  });
});

describe('a simulated-user rollout as a trace', () => {
  it('stores the simulator calls as marked spans that the eval view leaves out', async () => {
    {
      const ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id, 'test');
      conversation(['I want to cancel A1', 'ok ###STOP###']);
      const outcome = await rollout({});
      const id = await writeRolloutTrace(ctx, {
        externalId: 'r1',
        outcome,
        startedAt: Date.now() - 1000,
        endedAt: Date.now(),
        metadata: { user_mode: 'simulated' },
      });
      const rows = await deps.db.select().from(spans).where(eq(spans.traceId, id));
      const ordered = rows.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
      expect(ordered.map((s) => [s.kind, s.attributes['iofold.actor'] ?? null])).toEqual([
        ['AGENT', null],
        ['LLM', 'user_simulator'],
        ['LLM', null],
        ['LLM', 'user_simulator'],
      ]);
      const [row] = await deps.db.select().from(traces).where(eq(traces.id, id));
      expect(row?.metadata).toMatchObject({ termination_reason: 'user_stop' });
      const agentTokens = outcome.steps.reduce((n, s) => n + s.inputTokens, 0);
      expect(row).toMatchObject({ spanCount: 4, stepCount: 1, inputTokens: agentTokens });
      const view = row && (await readEvalView(row.evalView, deps.db));
      expect(view?.steps).toHaveLength(1);
      expect(view?.messages.map((m) => `${m.role}: ${m.content}`)).toEqual([
        'system: You are the shop agent.',
        'user: I want to cancel A1',
        'assistant: agent heard: I want to cancel A1',
        'user: ok',
      ]);
    }
  });
});
