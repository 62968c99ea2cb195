import { AppError } from '@/core/errors';
import { addLangsmithRun } from '../import/parse-langsmith-runs';
import { isRecord } from '../to-eval-messages';
import { toPullBatch } from './pull-batch';
import { timeMillis } from './pull-time';
import type { Puller, PullerInput } from './pull-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The project (LangSmith "session") id: `config.projectId`, or `config.project` looked up by name. */
async function resolveProjectId(input: PullerInput): Promise<string> {
  const { config } = input.source;
  if (typeof config.projectId === 'string' && config.projectId !== '') {
    return config.projectId;
  }
  const name =
    typeof config.project === 'string' && config.project !== '' ? config.project : 'default';
  if (UUID.test(name)) {
    return name;
  }
  const body = await input.http.getJson('/api/v1/sessions', { name });
  const list = Array.isArray(body)
    ? body
    : isRecord(body) && Array.isArray(body.sessions)
      ? body.sessions
      : [];
  const match = list.find((s) => isRecord(s) && s.name === name && typeof s.id === 'string');
  if (!isRecord(match) || typeof match.id !== 'string') {
    throw new AppError('NOT_FOUND', `no LangSmith project named "${name}" (set config.project)`);
  }
  return match.id;
}

/**
 * LangSmith runs of one project (`POST /api/v1/runs/query` with `session`, `start_time`, and the
 * `cursors.next` of each answer until there is none), grouped into traces by `trace_id`.
 */
export const pullLangsmith: Puller = async function* (input) {
  const projectId = await resolveProjectId(input);
  input.log(`pulling runs of LangSmith project ${projectId}`);
  const since = input.since('runs');
  let cursor: string | null = null;
  for (;;) {
    const body = await input.http.postJson('/api/v1/runs/query', {
      session: [projectId],
      ...(since ? { start_time: since } : {}),
      limit: input.pageSize,
      ...(cursor ? { cursor } : {}),
    });
    const runs = isRecord(body) && Array.isArray(body.runs) ? body.runs : [];
    if (runs.length > 0) {
      yield toPullBatch('runs', runs, addLangsmithRun, (run) => timeMillis(run.start_time));
    }
    const cursors = isRecord(body) && isRecord(body.cursors) ? body.cursors : {};
    cursor = typeof cursors.next === 'string' && cursors.next !== '' ? cursors.next : null;
    if (!cursor || runs.length === 0) {
      return;
    }
  }
};
