import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { ingestTraces, type ScoreInput } from '../ingest/ingest-traces';
import type { NormalisedTrace } from '../normalised-trace';
import { parseLangfuseIngestion } from '../parsers/langfuse/parse-langfuse-ingestion';
import { parseOtlpTraces } from '../parsers/otlp/parse-otlp-traces';
import { parseChatTranscript } from '../parsers/parse-chat-transcript';
import { anchorUndatedTraces } from './anchor-undated-traces';
import { detectImportFormat, type ImportFormat } from './detect-import-format';
import { countByAgent, type ImportedAgent, importedAgents } from './imported-agents';
import { addLangfuseExportRecord } from './parse-langfuse-export';
import { addLangsmithRun } from './parse-langsmith-runs';
import { addPhoenixSpan } from './parse-phoenix-spans';
import { readRecords } from './read-records';

export type ImportProgress = {
  bytes: number;
  records: number;
  tracesStored: number;
  errors: number;
};
export type ImportOptions = {
  format?: ImportFormat;
  /** Chat transcripts: take the label from this field (e.g. `reward`). */
  labelField?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Traces per ingest batch (one `db.batch()` each). */
  batchSize?: number;
  /** Read and normalise every record, write nothing: `tracesStored` counts the traces found. */
  dryRun?: boolean;
  /** Stops between batches (a cancelled job). */
  signal?: AbortSignal;
};
export type ImportResult = ImportProgress & {
  format: Exclude<ImportFormat, 'auto'> | null;
  created: number;
  /** The first 100 record errors, by line. */
  recordErrors: { line: number; message: string }[];
  /**
   * The agents the stored traces belong to (grouped by system prompt), with how many of this
   * import's traces each holds, most first (at most 50); empty on a dry run.
   */
  agents: ImportedAgent[];
};

/**
 * Imports a file (JSONL or one JSON document) read as a stream: OpenAI-style chat transcripts,
 * OTLP JSON, Langfuse exports or ingestion batches, Phoenix spans, LangSmith runs. Bad records are
 * skipped and reported by line; everything else is stored through `ingestTraces` in batches.
 * Re-importing the same file changes nothing.
 */
export async function importTraces(
  ctx: Ctx,
  stream: ReadableStream<Uint8Array>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 200;
  const result: ImportResult = {
    format: options.format && options.format !== 'auto' ? options.format : null,
    bytes: 0,
    records: 0,
    tracesStored: 0,
    errors: 0,
    created: 0,
    recordErrors: [],
    agents: [],
  };
  const perAgent = new Map<string, number>();
  const progress = () =>
    options.onProgress?.({
      bytes: result.bytes,
      records: result.records,
      tracesStored: result.tracesStored,
      errors: result.errors,
    });
  const fail = (line: number, message: string) => {
    result.errors++;
    if (result.recordErrors.length < 100) {
      result.recordErrors.push({ line, message });
    }
  };
  let ready: NormalisedTrace[] = [];
  let scores: ScoreInput[] = [];
  const grouped = new Map<string, NormalisedTrace>();
  const flush = async () => {
    if (ready.length === 0 && scores.length === 0) {
      return;
    }
    options.signal?.throwIfAborted();
    if (options.dryRun) {
      result.tracesStored += ready.length;
      ready = [];
      scores = [];
      progress();
      return;
    }
    const stored = await ingestTraces(ctx, {
      traces: await anchorUndatedTraces(ctx, ready),
      scores,
    });
    result.tracesStored += stored.traces.length;
    result.created += stored.traces.filter((t) => t.created).length;
    countByAgent(perAgent, stored.traces);
    for (const e of stored.scoreErrors) {
      fail(0, e.message);
    }
    ready = [];
    scores = [];
    progress();
  };

  for await (const record of readRecords(stream, (bytes) => {
    result.bytes = bytes;
  })) {
    result.records++;
    if ('error' in record) {
      fail(record.line, `invalid JSON: ${record.error}`);
      continue;
    }
    result.format ??= detectImportFormat(record.value);
    try {
      switch (result.format) {
        case 'openai':
          ready.push(parseChatTranscript(record.value, { labelField: options.labelField }));
          break;
        case 'otlp':
          ready.push(...parseOtlpTraces(record.value));
          break;
        case 'phoenix':
          addPhoenixSpan(grouped, record.value);
          break;
        case 'langsmith':
          addLangsmithRun(grouped, record.value);
          break;
        case 'langfuse': {
          const value = record.value as { batch?: unknown };
          if (Array.isArray(value?.batch)) {
            const parsed = parseLangfuseIngestion(value);
            ready.push(...parsed.traces);
            scores.push(...parsed.scores.map((s) => ({ ...s, source: 'langfuse' as const })));
            for (const e of parsed.errors) {
              fail(record.line, `event ${e.id}: ${e.message ?? e.error ?? 'invalid'}`);
            }
          } else {
            addLangfuseExportRecord(grouped, record.value);
          }
          break;
        }
        default:
          throw new AppError(
            'VALIDATION',
            'unrecognised record: expected chat messages, OTLP, a Langfuse, Phoenix or LangSmith export',
          );
      }
    } catch (error) {
      fail(record.line, error instanceof Error ? error.message : String(error));
    }
    if (ready.length >= batchSize) {
      await flush();
    }
  }
  await flush();
  const rest = [...grouped.values()];
  for (let i = 0; i < rest.length; i += batchSize) {
    ready = rest.slice(i, i + batchSize);
    await flush();
  }
  progress();
  result.agents = await importedAgents(ctx, perAgent);
  return result;
}
