import { addLangfuseExportRecord } from '../import/parse-langfuse-export';
import type { NormalisedTrace } from '../normalised-trace';
import { toMillis } from '../parsers/langfuse/map-langfuse-observation';
import { isRecord } from '../to-eval-messages';
import { toPullBatch } from './pull-batch';
import type { PullBatch, Puller, PullerInput } from './pull-types';

type Page = { data: unknown[]; totalPages: number | null; totalItems: number | null };

function readPage(body: unknown): Page {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
  const meta = isRecord(body) && isRecord(body.meta) ? body.meta : {};
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { data, totalPages: n(meta.totalPages), totalItems: n(meta.totalItems) };
}

/**
 * Pages through one Langfuse list endpoint (`page` from 1, `meta.totalPages`) until the platform
 * says it is done or answers an empty page; a smaller page than asked does not stop it.
 */
async function* pages(
  input: PullerInput,
  path: string,
  stream: string,
  query: Record<string, string | number | null>,
  timeField: string,
): AsyncGenerator<PullBatch> {
  for (let page = 1; ; page++) {
    const body = readPage(
      await input.http.getJson(path, { ...query, page, limit: input.pageSize }),
    );
    if (body.data.length === 0) {
      return;
    }
    const add = (grouped: Map<string, NormalisedTrace>, record: unknown) => {
      if (stream === 'observations' && !(isRecord(record) && typeof record.traceId === 'string')) {
        throw new Error('observation without a traceId');
      }
      addLangfuseExportRecord(grouped, record);
    };
    yield {
      ...toPullBatch(stream, body.data, add, (record) => toMillis(record[timeField])),
      ...(body.totalItems !== null ? { total: body.totalItems } : {}),
    };
    if (body.totalPages !== null && page >= body.totalPages) {
      return;
    }
  }
}

/**
 * Langfuse public API: traces (`GET /api/public/traces`, oldest first, `fromTimestamp`), then
 * observations (`GET /api/public/observations`, `fromStartTime`), merged into the traces by id.
 */
export const pullLangfuse: Puller = async function* (input) {
  yield* pages(
    input,
    '/api/public/traces',
    'traces',
    { orderBy: 'timestamp.asc', fromTimestamp: input.since('traces') },
    'timestamp',
  );
  yield* pages(
    input,
    '/api/public/observations',
    'observations',
    { fromStartTime: input.since('observations') },
    'startTime',
  );
};

/** Basic auth with the project's public key (`config.publicKey`) and secret key. */
export function langfuseHeaders(config: Record<string, unknown>, secret: string | null) {
  const publicKey = typeof config.publicKey === 'string' ? config.publicKey : '';
  return { authorization: `Basic ${btoa(`${publicKey}:${secret ?? ''}`)}` };
}
