import { addPhoenixSpan } from '../import/parse-phoenix-spans';
import { isRecord } from '../to-eval-messages';
import { toPullBatch } from './pull-batch';
import { timeMillis } from './pull-time';
import type { Puller } from './pull-types';

/**
 * Phoenix spans of one project (`GET /v1/projects/{project}/spans` with `start_time`, following
 * `next_cursor` until it is null), grouped into traces by `context.trace_id`.
 */
export const pullPhoenix: Puller = async function* (input) {
  const { config } = input.source;
  const project =
    typeof config.project === 'string' && config.project !== '' ? config.project : 'default';
  input.log(`pulling spans of Phoenix project ${project}`);
  const path = `/v1/projects/${encodeURIComponent(project)}/spans`;
  const since = input.since('spans');
  let cursor: string | null = null;
  for (;;) {
    const body = await input.http.getJson(path, {
      limit: input.pageSize,
      start_time: since,
      cursor,
    });
    const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
    if (data.length > 0) {
      yield toPullBatch('spans', data, addPhoenixSpan, (span) => timeMillis(span.start_time));
    }
    const next = isRecord(body) ? body.next_cursor : null;
    cursor = typeof next === 'string' && next !== '' ? next : null;
    if (!cursor || data.length === 0) {
      return;
    }
  }
};
