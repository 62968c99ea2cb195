import { AppError } from '@/core/errors';
import { assertMaxDepth, INGEST_LIMITS } from '../ingest-limits';
import { isRecord, toEvalMessage } from '../to-eval-messages';
import { LineSplitter } from './split-lines';

export type RawRecord = { line: number; value: unknown } | { line: number; error: string };

/** Largest single JSON document (not JSONL) an import reads into memory. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

function parseLine(text: string, line: number): RawRecord {
  try {
    const value = JSON.parse(text);
    assertMaxDepth(value);
    return { line, value };
  } catch (error) {
    return { line, error: error instanceof Error ? error.message : String(error) };
  }
}

const isMessageList = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((m) => toEvalMessage(m) !== null);

/** Records of a whole JSON document: array elements, `{data: [...]}` pages, or the value itself. */
function documentRecords(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return isMessageList(value) ? [value] : value;
  }
  if (isRecord(value)) {
    for (const key of ['data', 'traces', 'runs', 'spans', 'records']) {
      if (Array.isArray(value[key]) && Object.keys(value).length <= 3) {
        return value[key] as unknown[];
      }
    }
  }
  return [value];
}

/**
 * Records of an import file, read as a stream: JSONL line by line (a bad line is an error record,
 * the rest go on), or one JSON document (an array, a `{data: [...]}` page, an OTLP request, a
 * pretty-printed object). Strict UTF-8. A line longer than an ingest request (20 MiB) is refused
 * whole (LIMIT_EXCEEDED, 413) the moment it passes the limit. `onBytes` reports progress.
 */
export async function* readRecords(
  stream: ReadableStream<Uint8Array>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let bytes = 0;
  let lineNo = 0;
  let mode: 'unknown' | 'lines' | 'document' = 'unknown';
  let document = '';
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch (cause) {
      throw new AppError('VALIDATION', `file is not valid UTF-8 (near byte ${bytes})`, { cause });
    }
  };
  const handleLine = function* (line: string): Generator<RawRecord> {
    lineNo++;
    if (mode === 'document') {
      document += `${line}\n`;
      if (document.length > MAX_DOCUMENT_BYTES) {
        throw new AppError(
          'LIMIT_EXCEEDED',
          `a single JSON document may hold at most ${MAX_DOCUMENT_BYTES} bytes; use JSONL`,
          { details: { tooLarge: true } },
        );
      }
      return;
    }
    if (line.trim() === '') {
      return;
    }
    if (mode === 'unknown') {
      const first = parseLine(line, lineNo);
      if ('error' in first) {
        mode = 'document';
        document = `${line}\n`;
        return;
      }
      mode = 'lines';
      if (Array.isArray(first.value) && !isMessageList(first.value)) {
        for (const value of first.value) {
          yield { line: lineNo, value };
        }
        return;
      }
      yield first;
      return;
    }
    yield parseLine(line, lineNo);
  };
  const lines = new LineSplitter(INGEST_LIMITS.maxBodyBytes);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    bytes += value.byteLength;
    for (const line of lines.push(decode(value))) {
      yield* handleLine(line);
    }
    onBytes?.(bytes);
  }
  for (const line of lines.push(decode())) {
    yield* handleLine(line);
  }
  const last = lines.end();
  if (last !== '') {
    yield* handleLine(last);
  }
  if ((mode as string) === 'document') {
    const whole = parseLine(document, 1);
    if ('error' in whole) {
      throw new AppError(
        'VALIDATION',
        `file is neither JSONL nor one JSON document: ${whole.error}`,
      );
    }
    for (const value of documentRecords(whole.value)) {
      yield { line: 1, value };
    }
  }
}
