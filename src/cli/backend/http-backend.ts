import { type ApiClient, createApiClient } from '@/api/client';
import { AppError, ERROR_CODES, type ErrorCode } from '@/core/errors';
import type { Page } from '@/core/page';
import type { FeedbackView } from '@/feedback/feedback-view';
import type { TraceDetail } from '@/traces/query/get-trace';
import type { CliBackend, EvalJson, EvalListRow, JobJson } from './cli-backend';

/** The same commands against a server's REST API (a remote Node host or a Cloudflare Worker). */
export function createHttpBackend(baseUrl: string, secretKey: string | undefined): CliBackend {
  if (!secretKey) {
    throw new AppError(
      'UNAUTHORIZED',
      'HTTP mode needs an API key: --key sk-if-… or IOFOLD_API_KEY (create one with iofold keys create)',
    );
  }
  const base = baseUrl.replace(/\/$/, '');
  const client: ApiClient = createApiClient(base, { secretKey });
  const call = <T>(send: () => Promise<Reply>, options: { stream?: boolean } = {}) =>
    answer<T>(base, send, options);
  return {
    mode: 'http',
    listTraces: (query) =>
      call(() =>
        client.v1.traces.$get({
          query: { ...query, limit: query.limit === undefined ? undefined : String(query.limit) },
        }),
      ),
    getTrace: (id) => call<TraceDetail>(() => client.v1.traces[':id'].$get({ param: { id } })),
    labelTrace: (input) => call<FeedbackView>(() => client.v1.feedback.$post({ json: input })),
    clearLabel: async (traceId) => {
      const me = await call<{ actor: { type: string; id: string | null } }>(() =>
        client.v1.me.$get(),
      );
      const key = `${me.actor.type}:${me.actor.id}`;
      await call(() => client.v1.traces[':id'].$get({ param: { id: traceId } }));
      const labels = await call<Page<FeedbackView>>(() =>
        client.v1.feedback.$get({ query: { traceId, limit: '200' } }),
      );
      const mine = labels.data.find((f) => f.labeller.key === key);
      if (mine) {
        await call(() => client.v1.feedback[':id'].$delete({ param: { id: mine.id } }));
      }
      return Boolean(mine);
    },
    listJobs: (input) =>
      call(() =>
        client.v1.jobs.$get({
          query: { ...input, limit: input.limit === undefined ? undefined : String(input.limit) },
        }),
      ),
    getJob: (id) => call<JobJson>(() => client.v1.jobs[':id'].$get({ param: { id } })),
    cancelJob: (id) => call<JobJson>(() => client.v1.jobs[':id'].cancel.$post({ param: { id } })),
    retryJob: (id) => call<JobJson>(() => client.v1.jobs[':id'].retry.$post({ param: { id } })),
    jobEvents: async (id, signal) => {
      const response = await call<Response>(
        () => client.v1.jobs[':id'].events.$get({ param: { id }, query: {} }, { init: { signal } }),
        { stream: true },
      );
      if (!response.body) {
        throw new AppError('UNAVAILABLE', `${base} sent no event stream`);
      }
      return response.body;
    },
    getEval: (id) => call<EvalJson>(() => client.v1.evals[':id'].$get({ param: { id } })),
    listEvals: async () => {
      // every agent's, the archived ones' too, as the local list has them
      const [active, archived] = await Promise.all(
        [{}, { status: 'archived' as const }].map((query) =>
          call<Page<{ id: string }>>(() => client.v1.agents.$get({ query })),
        ),
      );
      const agents = [...(active?.data ?? []), ...(archived?.data ?? [])];
      const perAgent = await Promise.all(
        agents.map((agent) =>
          call<Page<EvalListRow>>(() =>
            client.v1.agents[':id'].evals.$get({ param: { id: agent.id }, query: {} }),
          ),
        ),
      );
      // as the local list orders them: by name (binary), then the newest version first
      return (
        perAgent
          .flatMap((page) => page.data)
          // the local list's fields only
          .map(({ id, name, version, status, generator, heldOutMetrics, createdAt }) => {
            return { id, name, version, status, generator, heldOutMetrics, createdAt };
          })
          .sort((a, b) => (a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1))
      );
    },
  };
}

/** What both `fetch` and the typed client's calls answer. */
type Reply = { ok: boolean; status: number; text(): Promise<string> };

/** The JSON body of a 2xx answer; an error body becomes the AppError it describes. */
export async function answer<T>(
  base: string,
  send: () => Promise<Reply>,
  options: { stream?: boolean } = {},
): Promise<T> {
  let response: Reply;
  try {
    response = await send();
  } catch (error) {
    throw new AppError('UNAVAILABLE', `cannot reach ${base}: ${reason(error)}`, { cause: error });
  }
  if (response.status === 204) {
    return undefined as T;
  }
  if (options.stream && response.ok) {
    return response as T;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) {
    return body as T;
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } })?.error;
  const code: ErrorCode = ERROR_CODES.includes(error?.code as ErrorCode)
    ? (error?.code as ErrorCode)
    : response.status === 404
      ? 'NOT_FOUND'
      : 'INTERNAL';
  throw new AppError(code, error?.message ?? `${base} answered HTTP ${response.status}`, {
    details: error?.details,
  });
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
