import { readFileSync } from 'node:fs';
import { AppError } from '@/core/errors';
import type { EvalView } from '@/core/eval-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

export type LabelledView = { view: EvalView; rating: 'positive' | 'negative' | 'neutral' | null };

/** Reads a JSON Lines file of chat transcripts into eval views (what an eval receives) and labels. */
export function readTranscriptViews(file: string): LabelledView[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}`, { cause: error });
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new AppError('VALIDATION', `${file}:${index + 1} is not JSON`);
      }
      const trace = parseChatTranscript(record);
      return { view: deriveEvalView(trace).view, rating: trace.label?.rating ?? null };
    });
}
