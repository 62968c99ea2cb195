import { canonicalJson } from '@/core/canonical-json';
import type { BridgeQuestion } from '@/core/ports/sandbox';
import { sha256Hex } from '@/core/web-crypto';
import type { ExecutionQuestions } from '@/db/schema';
import { computeLlmCacheKey } from '@/llm/compute-llm-cache-key';
import type { Bridge } from './answer-questions';
import { toLlmRequest } from './judge-request';

export function questionKey(q: BridgeQuestion): string {
  return canonicalJson(q);
}

/**
 * The cache key of each question (by `questionKey`): the run's known keys, else hashed from its
 * model request and remembered for the run.
 */
export async function cacheKeys(bridge: Bridge, questions: Map<string, BridgeQuestion>) {
  await Promise.all(
    [...questions].map(async ([id, q]) => {
      if (!bridge.keys.has(id)) {
        const request = toLlmRequest(q, bridge.model, bridge.settings);
        bridge.keys.set(id, await computeLlmCacheKey(request, bridge.model));
      }
    }),
  );
  return bridge.keys;
}

/**
 * What the cache keys depend on besides the question (the model, the prompts around it, the
 * sampling), hashed once per run: stored keys with the same tag need no hashing on a re-run.
 */
export async function keyTag(bridge: Bridge): Promise<string> {
  bridge.tag ??= sha256Hex(
    canonicalJson([
      bridge.model,
      toLlmRequest({ kind: 'judge', question: '', text: '', choices: [] }, '', bridge.settings),
      toLlmRequest({ kind: 'ask', prompt: '' }, '', bridge.settings),
    ]),
  );
  return bridge.tag;
}

/**
 * The questions a stored execution kept; their keys join the run's when they were computed for
 * this run's tag (`current`).
 */
export async function rememberKeys(bridge: Bridge, stored: ExecutionQuestions | null) {
  const asked = stored && Array.isArray(stored.asked) ? stored.asked : [];
  const current = asked.length > 0 && stored?.tag === (await keyTag(bridge));
  if (current) {
    for (const { q, key } of asked) {
      bridge.keys.set(questionKey(q), key);
    }
  }
  return { questions: asked.map((a) => a.q), current };
}

export type KeptQuestions = Awaited<ReturnType<typeof rememberKeys>>;

/**
 * What an execution keeps of the questions its trace asked, all answered in this run (so their
 * keys are known): those kept from the last run and those asked `now`. Null when there are none,
 * and when the kept ones stand as they are (current, and nothing new asked).
 */
export function toExecutionQuestions(
  bridge: Bridge,
  tag: string,
  kept: KeptQuestions = { questions: [], current: true },
  now: BridgeQuestion[] = [],
): ExecutionQuestions | null {
  const unique = new Map([...kept.questions, ...now].map((q) => [questionKey(q), q]));
  if (unique.size === 0 || (kept.current && unique.size === kept.questions.length)) {
    return null;
  }
  const asked = [...unique].map(([id, q]) => ({ q, key: bridge.keys.get(id) as string }));
  return { tag, asked };
}
