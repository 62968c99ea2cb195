import type { EvalView } from '@/core/eval-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import type { CodingRun } from './generate-coding-runs';

/** Eval views through the product's own importer: only the transcript goes in, never the truth. */
export function codingViews(runs: CodingRun[]): EvalView[] {
  return runs.map((run) => deriveEvalView(parseChatTranscript(run.record)).view);
}
