import type { EvalJudge } from '@/db/schema';
import type { Bridge } from './answer-questions';

/**
 * What a hybrid version records about its model: the model, its question, one call per trace,
 * and the mean cost of the answers served while it was selected (null when the model has no price).
 */
export function judgeRecord(bridge: Bridge, question: string): EvalJudge {
  const { answers, costUsd, unpriced } = bridge.served;
  return {
    model: bridge.model,
    questions: [question],
    callsPerTrace: 1,
    expectedCostUsdPerTrace:
      answers > 0 && unpriced < answers ? costUsd / (answers - unpriced) : null,
  };
}
