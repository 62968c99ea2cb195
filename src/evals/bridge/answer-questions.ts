import type { LlmProvider, LlmRequest } from '@/core/ports/llm-provider';
import type { AskedQuestion, BridgeQuestion, SandboxError } from '@/core/ports/sandbox';
import type { LlmCache, LlmCacheEntry } from '@/llm/llm-cache';
import type { BridgeSettings, BridgeUsage } from './bridge-settings';
import { constrainAnswer, toLlmRequest } from './judge-request';
import { cacheKeys } from './question-keys';

/** What one eval run asks the model through: its provider, cache, limits and running totals. */
export type Bridge = {
  /** Null when the bridge only replays cached answers (an export): a miss is never called. */
  provider: LlmProvider | null;
  /** The model the eval version names (else the provider's). */
  model: string;
  cache: LlmCache;
  settings: BridgeSettings;
  /** The workspace's model calls and cost so far today, before this run. */
  today: { calls: number; costUsd: number };
  usage: BridgeUsage;
  /** Calls started and not yet finished (they count against the budgets already). */
  inFlight: number;
  /** Every answer served (called or cached) and what its call cost: a version's cost per trace. */
  served: { answers: number; costUsd: number; unpriced: number };
  /** Cache keys of the run's questions (by question id), hashed once or kept from a last run. */
  keys: Map<string, string>;
  /** See `keyTag`. */
  tag?: Promise<string>;
};

export type BridgeReply = { ok: true; answer: string } | { ok: false; error: SandboxError };

const budget = (message: string): BridgeReply => ({
  ok: false,
  error: { code: 'BUDGET', message, retryable: false },
});
const modelError = (message: string): BridgeReply => ({
  ok: false,
  error: { code: 'MODEL_ERROR', message, retryable: true },
});

/**
 * Answers each distinct question (by id): from the cache when it holds the request, else by a
 * model call (up to `concurrency` at once) that the run's and the workspace's budgets allow. A
 * refused or failed call is that question's error (`BUDGET`, `MODEL_ERROR`); nothing falls back
 * silently.
 */
export async function answerQuestions(
  bridge: Bridge,
  questions: AskedQuestion[],
  signal?: AbortSignal,
): Promise<Map<string, BridgeReply>> {
  const unique = new Map(questions.map((q) => [q.id, q]));
  const replies = new Map<string, BridgeReply>();
  const keys = await cacheKeys(bridge, unique);
  const asked = [...unique].map(([id, q]) => ({
    id,
    q,
    key: keys.get(id) as string,
    request: () => toLlmRequest(q, bridge.model, bridge.settings),
  }));
  const cached = bridge.cache.getMany
    ? await bridge.cache.getMany(asked.map((a) => a.key))
    : new Map<string, LlmCacheEntry>();
  const queue: Asked[] = [];
  for (const a of asked) {
    const hit = cached.get(a.key);
    if (hit) {
      replies.set(a.id, fromCache(bridge, a.q, hit));
    } else {
      queue.push(a);
    }
  }
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      replies.set(next.id, await answerOne(bridge, next, signal));
    }
  };
  const lanes = Math.max(1, Math.min(bridge.settings.concurrency, queue.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return replies;
}

type Asked = { id: string; q: BridgeQuestion; request: () => LlmRequest; key: string };

/** A cached answer to `q`, counted as a cache hit and as served (with its call's cost). */
export function fromCache(
  bridge: Bridge,
  q: BridgeQuestion,
  hit: Pick<LlmCacheEntry, 'text' | 'costUsd'>,
): BridgeReply {
  bridge.usage.cacheHits += 1;
  served(bridge, hit.costUsd);
  return shape(q, hit.text);
}

async function answerOne(
  bridge: Bridge,
  { q, request, key }: Asked,
  signal?: AbortSignal,
): Promise<BridgeReply> {
  const { settings: s, usage } = bridge;
  // a cache without getMany, or an answer another run stored since the read above
  const hit = await bridge.cache.get(key);
  if (hit) {
    return fromCache(bridge, q, hit);
  }
  if (!bridge.provider) {
    return {
      ok: false,
      error: { code: 'MODEL_ERROR', message: 'no cached answer', retryable: false },
    };
  }
  const refused = overBudget(bridge);
  if (refused) {
    return refused;
  }
  bridge.inFlight += 1;
  try {
    const result = await bridge.provider.complete(
      { ...request(), timeoutMs: s.callTimeoutMs },
      { signal },
    );
    if (!result.ok) {
      return modelError(`the model call failed (${result.error.kind}): ${result.error.message}`);
    }
    usage.calls += 1;
    usage.inputTokens += result.usage.inputTokens;
    usage.outputTokens += result.usage.outputTokens;
    usage.costUsd += result.costUsd ?? 0;
    served(bridge, result.costUsd);
    await bridge.cache.put(key, {
      text: result.text,
      model: result.model,
      usage: result.usage,
      finishReason: result.finishReason,
      costUsd: result.costUsd,
      createdAt: new Date().toISOString(),
    });
    return shape(q, result.text);
  } finally {
    bridge.inFlight -= 1;
  }
}

function served(bridge: Bridge, costUsd: number | undefined) {
  bridge.served.answers += 1;
  bridge.served.costUsd += costUsd ?? 0;
  bridge.served.unpriced += costUsd === undefined ? 1 : 0;
}

function overBudget(bridge: Bridge): BridgeReply | null {
  const { settings: s, usage, today } = bridge;
  const calls = usage.calls + bridge.inFlight;
  if (calls >= s.maxCallsPerRun) {
    return budget(`the run reached its limit of ${s.maxCallsPerRun} model calls`);
  }
  if (usage.costUsd >= s.maxCostUsdPerRun) {
    return budget(`the run reached its model budget of $${s.maxCostUsdPerRun}`);
  }
  if (today.calls + calls >= s.maxCallsPerDay) {
    return budget(`the workspace reached its limit of ${s.maxCallsPerDay} model calls today`);
  }
  if (today.costUsd + usage.costUsd >= s.maxCostUsdPerDay) {
    return budget(`the workspace reached its model budget of $${s.maxCostUsdPerDay} today`);
  }
  return null;
}

function shape(q: BridgeQuestion, text: string): BridgeReply {
  if (q.kind === 'ask') {
    return { ok: true, answer: text.slice(0, 20_000) };
  }
  const answer = constrainAnswer(text, q.choices);
  return answer === null
    ? modelError(
        `the model answered ${JSON.stringify(text.slice(0, 200))}, which is none of ${q.choices.join(', ')}`,
      )
    : { ok: true, answer };
}
