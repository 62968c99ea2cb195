import { EVAL_VIEW_VERSION, type EvalView } from '@/core/eval-view';
import { chunkRows } from '@/db/chunk';
import type { Db } from '@/db/client';
import { agents, type NewTrace, traces } from '@/db/schema';

const QUESTIONS = [
  'Where is my order #4411? It was supposed to arrive Tuesday.',
  'I want a refund for the blender, it broke after two days.',
  'Can you change the shipping address on order 9921?',
  'Why was I charged twice this month?',
  'Cancel my subscription, please.',
];
const TOOLS = ['search_orders', 'refund_order', 'lookup_customer', 'send_email'];

function view(i: number, question: string, answer: string, tool: string): EvalView {
  return {
    version: EVAL_VIEW_VERSION,
    trace_id: `bench-${i}`,
    input: question,
    output: answer,
    metadata: {},
    steps: [
      {
        index: 0,
        name: 'agent',
        input: question,
        output: answer,
        tool_calls: [
          {
            id: 'c1',
            name: tool,
            arguments: { order_id: String(i) },
            result: { ok: true },
            error: null,
          },
        ],
        error: null,
      },
    ],
    messages: [
      { role: 'system', content: 'You are a support agent for Acme. Use tools to look up orders.' },
      { role: 'user', content: question },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', name: tool, arguments: { order_id: String(i) } }],
      },
      { role: 'tool', content: '{"ok":true}', name: tool, tool_call_id: 'c1' },
      { role: 'assistant', content: answer },
    ],
  };
}

/** Inserts `count` small realistic traces for one agent of `workspaceId`; returns the agent id. */
export async function seedTraces(db: Db, workspaceId: string, count: number): Promise<string> {
  const agentId = `ag_bench_${workspaceId}`;
  await db.insert(agents).values({ id: agentId, workspaceId, name: 'Support bench agent' });
  const start = Date.now() - count * 60_000;
  const rows: NewTrace[] = [];
  for (let i = 0; i < count; i++) {
    const question = QUESTIONS[i % QUESTIONS.length] as string;
    const tool = TOOLS[i % TOOLS.length] as string;
    const answer = `I used ${tool} and your request #${i} is handled.`;
    rows.push({
      id: `tr_bench_${workspaceId}_${String(i).padStart(7, '0')}`,
      workspaceId,
      source: 'api',
      externalId: `bench-${i}`,
      agentId,
      name: 'support-chat',
      startedAt: new Date(start + i * 60_000),
      durationMs: 500 + (i % 4000),
      stepCount: 2,
      toolCallCount: 1,
      errorCount: i % 11 === 0 ? 1 : 0,
      hasErrors: i % 11 === 0,
      inputTokens: 300 + (i % 200),
      outputTokens: 50 + (i % 80),
      inputPreview: question,
      outputPreview: answer,
      label: i % 3 === 0 ? null : i % 3 === 1 ? 'positive' : 'negative',
      evalView: view(i, question, answer, tool),
      evalViewVersion: EVAL_VIEW_VERSION,
    });
    if (rows.length === 5000 || i === count - 1) {
      for (const chunk of chunkRows(db, rows, traces)) {
        await db.insert(traces).values(chunk);
      }
      rows.length = 0;
    }
  }
  return agentId;
}
