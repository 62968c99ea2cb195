import { canonicalJson } from '@/core/canonical-json';
import type { AskedQuestion } from '@/core/ports/sandbox';
import { sha256Hex } from '@/core/web-crypto';
import type { ExecutionQuestions, KeptQuestion } from '@/db/schema';
import { computeLlmCacheKey } from '@/llm/compute-llm-cache-key';
import type { Bridge } from './answer-questions';
import { toLlmRequest } from './judge-request';

/**
 * The cache key of each question (by id): the run's known keys, else hashed from its model
 * request and remembered for the run.
 */
export async function cacheKeys(bridge: Bridge, questions: Map<string, AskedQuestion>) {
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
 * What an execution keeps of the questions its trace asked, all answered in this run (so their
 * keys are known): those kept from the last run and those asked `now`. Null when nothing was
 * asked now: the kept ones stand as they are.
 */
export function toExecutionQuestions(
  bridge: Bridge,
  tag: string,
  kept: KeptQuestion[] = [],
  now: AskedQuestion[] = [],
): ExecutionQuestions | null {
  if (now.length === 0) {
    return null;
  }
  const unique = new Map(kept.map((k) => [k.id, k]));
  for (const { id, ...q } of now) {
    unique.set(id, { id, q, key: bridge.keys.get(id) as string });
  }
  return { tag, asked: [...unique.values()] };
}
