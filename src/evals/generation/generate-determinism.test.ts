import { asc, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickAgentId } from '@/cli/evals-queries';
import type { Ctx } from '@/core/context';
import { evalCvResults } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { labelTrace } from '@/feedback/label-trace';
import { createTestDeps } from '@/hosts/test-deps';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { generateEval } from './generate-eval';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
afterAll(async () => {
  await sandbox.close();
  deps.close();
});
beforeAll(async () => {
  await sandbox.check('def eval_warm(trace):\n    return True, "warm"\n');
});

const SYSTEM = 'You are the refunds assistant of a shop. Look an order up before refunding it.';
const ITEMS = [
  'umbrella',
  'kettle',
  'lamp',
  'blender',
  'scarf',
  'teapot',
  'rucksack',
  'mirror',
  'candle',
  'clock',
];
const ASKS = [
  (item: string, order: string) => `I want my money back for the ${item}, order ${order}`,
  (item: string, order: string) => `Hello. The ${item} never came. Order ${order}`,
  (item: string, order: string) => `Broken ${item} arrived today (${order}), refund?`,
];
const orderOf = (task: number) => `W${1000 + task * 13}`;

/**
 * Run `n` of a refunds task (three runs per task, each opening differently; runs from 100 on
 * mention two tasks' orders, so the tasks index links those tasks): the agent looks the order up
 * before refunding it (good) or refunds without looking (bad), a few labelled against that rule
 * so that which traces share a fold changes the held-out figures.
 */
function transcript(n: number) {
  const task = n >= 100 ? 2 * (n - 100) : Math.floor(n / 3);
  const order = orderOf(task);
  const item = ITEMS[task % ITEMS.length] as string;
  const looks = n % 3 !== 0;
  const call = (id: string, name: string) => ({
    id,
    type: 'function',
    function: { name, arguments: JSON.stringify({ order_id: order }) },
  });
  const ask = (ASKS[n % ASKS.length] as (typeof ASKS)[number])(item, order);
  const messages = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: n >= 100 ? `${ask}, and ${orderOf(task + 1)} too` : ask },
    ...(looks
      ? [
          { role: 'assistant', content: '', tool_calls: [call(`c${n}a`, 'get_order')] },
          {
            role: 'tool',
            tool_call_id: `c${n}a`,
            content: JSON.stringify({ status: 'delivered' }),
          },
        ]
      : []),
    { role: 'assistant', content: '', tool_calls: [call(`c${n}b`, 'refund_order')] },
    { role: 'tool', tool_call_id: `c${n}b`, content: JSON.stringify({ refunded: true }) },
    { role: 'assistant', content: `Refunded ${order}.` },
  ];
  const label = n % 7 === 4 ? !looks : looks;
  return { record: { id: `conv-${n}`, messages }, label };
}

/** A workspace with the traces imported in `order` (plus `extra` unlabelled ones) and labelled alike. */
async function workspaceWith(order: number[], extra: number[]): Promise<Ctx> {
  const ws = await createTestWorkspace(deps);
  const ctx: Ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  const labeller: Ctx = { ...ctx, actor: { type: 'apiKey', keyId: 'key_1', role: 'owner' } };
  const all = [...order, ...extra].map((n) => ({ n, ...transcript(n) }));
  const result = await ingestTraces(ctx, {
    traces: all.map((t) => parseChatTranscript(t.record)),
  });
  const idOf = new Map(result.traces.map((t) => [t.externalId, t.id]));
  for (const t of all.filter((x) => order.includes(x.n))) {
    await labelTrace(labeller, {
      traceId: idOf.get(`conv-${t.n}`) as string,
      rating: t.label ? 'positive' : 'negative',
    });
  }
  return ctx;
}

describe('determinism across workspaces', { timeout: 300_000 }, () => {
  it('gives the same whole result from the same imported traces and labels in two workspaces of one database', async () => {
    const labelled = Array.from({ length: 30 }, (_, n) => n);
    // the second workspace imported them in another order, next to unlabelled runs of the same tasks
    const a = await workspaceWith(labelled, []);
    const b = await workspaceWith(
      [...labelled].reverse(),
      Array.from({ length: 4 }, (_, n) => 100 + n),
    );
    const generate = async (ctx: Ctx) =>
      generateEval(ctx, { agentId: await pickAgentId(ctx), name: 'eval_same', seed: 1 });
    const [x, y] = [await generate(a), await generate(b)];
    expect(x.labelled).toBe(30);
    expect(y.labelled).toBe(30);
    // each candidate's fold by fold figures, as stored for the dashboard
    const folds = async (ctx: Ctx, r: typeof x) =>
      (
        await ctx.db
          .select()
          .from(evalCvResults)
          .where(
            inArray(
              evalCvResults.candidateId,
              r.candidates.map((c) => c.rowId),
            ),
          )
          .orderBy(asc(evalCvResults.fold))
      ).map((row) => ({ fold: row.fold, metrics: row.metrics, mean: row.mean, std: row.std }));
    const same = (r: typeof x) => ({
      outcome: r.outcome,
      forced: r.forced,
      winner: r.winner,
      rules: r.rules,
      code: r.created?.code,
      heldOut: r.heldOut,
      metrics: r.created?.heldOutMetrics,
      abstention: r.abstention,
      candidates: r.candidates.map((c) => ({ ...c, rowId: undefined })),
    });
    expect(same(y)).toEqual(same(x));
    expect(await folds(b, y)).toEqual(await folds(a, x));
    expect((await folds(a, x)).length).toBeGreaterThanOrEqual(5);
    expect(x.heldOut).not.toBeNull();
  });
});
