import { readFileSync } from 'node:fs';
import { AppError, isAppError } from '@/core/errors';
import type { NormalisedTrace } from '@/traces/normalised-trace';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

/**
 * Parses a transcript file: JSON Lines (one object per line) or one JSON array. Every record is
 * validated before anything is stored; the first bad one fails the import with its line number.
 */
export function readTranscriptFile(file: string): NormalisedTrace[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}`, { cause: error });
  }
  const records: RawRecord[] = text.trimStart().startsWith('[')
    ? parseArray(file, text)
    : text
        .split('\n')
        .flatMap((line, index) => (line.trim() ? [{ line: index + 1, text: line }] : []));
  return records.map(({ line, text: json, value }) => {
    try {
      return parseChatTranscript(value ?? JSON.parse(json));
    } catch (error) {
      const message =
        isAppError(error) || error instanceof SyntaxError ? error.message : String(error);
      throw new AppError('VALIDATION', `${file}:${line}: ${message}`);
    }
  });
}

type RawRecord = { line: number; text: string; value?: unknown };

function parseArray(file: string, text: string): RawRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError('VALIDATION', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  return (parsed as unknown[]).map((value, index) => ({ line: index + 1, text: '', value }));
}
