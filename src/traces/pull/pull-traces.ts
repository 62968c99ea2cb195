import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { ingestTraces } from '../ingest/ingest-traces';
import { createPlatformHttp, type PlatformHttpOptions } from './platform-http';
import { langfuseHeaders, pullLangfuse } from './pull-langfuse';
import { pullLangsmith } from './pull-langsmith';
import { pullPhoenix } from './pull-phoenix';
import { laterOf } from './pull-time';
import type { PullCursor, Puller, PullPlatform, PullSource } from './pull-types';

/** Each sync re-reads this much before the last high-water mark: platforms index late (Langfuse ~10 min). */
export const PULL_OVERLAP_MS = 15 * 60_000;

const PULLERS: Record<PullPlatform, { pull: Puller; pageSize: number }> = {
  langfuse: { pull: pullLangfuse, pageSize: 50 },
  langsmith: { pull: pullLangsmith, pageSize: 100 },
  phoenix: { pull: pullPhoenix, pageSize: 100 },
};

export type PullProgress = {
  stream: string;
  /** Records read from the platform (traces, observations, runs or spans). */
  records: number;
  /** Records read so far from the current stream, and what the platform says it holds. */
  streamRecords: number;
  total: number | null;
  created: number;
  updated: number;
  errors: number;
};
export type PullResult = Omit<PullProgress, 'stream' | 'streamRecords' | 'total'> & {
  platform: PullPlatform;
  pages: number;
  /** Where the next sync starts (per stream, ISO); unchanged streams keep their old mark. */
  cursor: PullCursor;
  /** The first 100 record errors. */
  recordErrors: string[];
};
export type PullOptions = {
  cursor?: PullCursor | null;
  pageSize?: number;
  signal?: AbortSignal;
  /** Retry tuning and a test clock for the HTTP client. */
  http?: Pick<
    PlatformHttpOptions,
    'sleep' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'random'
  >;
  onProgress?: (progress: PullProgress) => void;
  onLog?: (line: string) => void;
};

function platformHeaders(source: PullSource): Record<string, string> {
  switch (source.platform) {
    case 'langfuse':
      if (typeof source.config.publicKey !== 'string' || !source.secret) {
        throw new AppError(
          'PRECONDITION_FAILED',
          'Langfuse needs config.publicKey and the secret key as the integration secret',
        );
      }
      return langfuseHeaders(source.config, source.secret);
    case 'langsmith':
      if (!source.secret) {
        throw new AppError('PRECONDITION_FAILED', 'LangSmith needs an API key as the secret');
      }
      return { 'x-api-key': source.secret };
    case 'phoenix':
      return source.secret ? { authorization: `Bearer ${source.secret}` } : {};
  }
}

/**
 * Pulls a platform's traces from its public REST API into this workspace, page by page through
 * `ingestTraces` (so agents, eval views and auto-evals follow), from `cursor` minus an overlap
 * to the end. Idempotent: re-pulled records change nothing. The returned cursor is only safe to
 * keep after the whole pull succeeded (some platforms answer newest first).
 */
export async function pullTraces(
  ctx: Ctx,
  source: PullSource,
  options: PullOptions = {},
): Promise<PullResult> {
  const { pull, pageSize } = PULLERS[source.platform];
  const log = options.onLog ?? (() => {});
  const http = createPlatformHttp({
    ...options.http,
    baseUrl: source.baseUrl,
    headers: platformHeaders(source),
    ...(ctx.outboundFetch ? { fetch: ctx.outboundFetch } : {}),
    secret: source.secret,
    signal: options.signal,
    onRetry: ({ status, attempt, delayMs }) =>
      log(`platform answered ${status ?? 'no response'}; retry ${attempt} in ${delayMs} ms`),
  });
  const start: PullCursor = { ...(options.cursor ?? {}) };
  const marks = new Map<string, number | null>();
  const perStream = new Map<string, number>();
  // A trace created by one page (Langfuse trace rows) and completed by a later one counts once.
  const created = new Set<string>();
  const updated = new Set<string>();
  const result: PullResult = {
    platform: source.platform,
    records: 0,
    created: 0,
    updated: 0,
    errors: 0,
    pages: 0,
    cursor: { ...start },
    recordErrors: [],
  };
  const since = (stream: string) => {
    const at = start[stream] ? Date.parse(start[stream]) : Number.NaN;
    return Number.isNaN(at) ? null : new Date(at - PULL_OVERLAP_MS).toISOString();
  };
  for await (const batch of pull({
    http,
    source,
    since,
    pageSize: options.pageSize ?? pageSize,
    log,
  })) {
    options.signal?.throwIfAborted();
    const stored = await ingestTraces(ctx, { traces: batch.traces });
    result.pages++;
    result.records += batch.records;
    for (const t of stored.traces) {
      if (t.created) {
        created.add(t.id);
      } else if (t.changed && !created.has(t.id)) {
        updated.add(t.id);
      }
    }
    result.created = created.size;
    result.updated = updated.size;
    result.errors += batch.errors.length;
    result.recordErrors.push(...batch.errors.slice(0, 100 - result.recordErrors.length));
    const previous = start[batch.stream] ? Date.parse(start[batch.stream] as string) : null;
    const mark = laterOf(laterOf(marks.get(batch.stream) ?? null, previous), batch.highWater);
    marks.set(batch.stream, mark);
    if (mark !== null) {
      result.cursor[batch.stream] = new Date(mark).toISOString();
    }
    perStream.set(batch.stream, (perStream.get(batch.stream) ?? 0) + batch.records);
    options.onProgress?.({
      stream: batch.stream,
      streamRecords: perStream.get(batch.stream) ?? 0,
      records: result.records,
      total: batch.total ?? null,
      created: result.created,
      updated: result.updated,
      errors: result.errors,
    });
  }
  return result;
}
