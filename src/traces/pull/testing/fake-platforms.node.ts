import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SeenRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
};
type Fault = { status: number; headers?: Record<string, string> };
type Reply = { status: number; body: unknown };
type Route = (req: SeenRequest) => Reply | null;

/** A local HTTP server speaking one platform's API, with injectable failures and a request log. */
export type FakePlatform = {
  url: string;
  seen: SeenRequest[];
  /** The next requests (one fault each) answer with these statuses before the real answer. */
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

async function startFake(authorised: (req: SeenRequest) => boolean, route: Route) {
  const seen: SeenRequest[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const seenReq: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      seen.push(seenReq);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const fault = faults.shift();
      if (fault) {
        send(fault.status, { message: `injected ${fault.status}` }, fault.headers);
        return;
      }
      if (!authorised(seenReq)) {
        send(401, { message: 'Invalid credentials' });
        return;
      }
      const reply = route(seenReq);
      send(reply?.status ?? 404, reply?.body ?? { message: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    fail: (...f: Fault[]) => faults.push(...f),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies FakePlatform;
}

const byTime = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Date.parse(String(a[key])) - Date.parse(String(b[key]));

/** Langfuse `GET /api/public/traces` and `/api/public/observations`: page/limit, `meta.totalPages`. */
export async function startFakeLangfuse(keys: { publicKey: string; secretKey: string }) {
  const data = {
    traces: [] as Record<string, unknown>[],
    observations: [] as Record<string, unknown>[],
  };
  const basic = `Basic ${Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64')}`;
  const list = (
    rows: Record<string, unknown>[],
    req: SeenRequest,
    fromKey: string,
    field: string,
  ) => {
    const from = req.query.get(fromKey);
    const page = Number(req.query.get('page') ?? 1);
    const limit = Number(req.query.get('limit') ?? 50);
    const matching = rows
      .filter((r) => !from || Date.parse(String(r[field])) >= Date.parse(from))
      .sort(byTime(field));
    return {
      status: 200,
      body: {
        data: matching.slice((page - 1) * limit, page * limit),
        meta: {
          page,
          limit,
          totalItems: matching.length,
          totalPages: Math.ceil(matching.length / limit),
        },
      },
    };
  };
  const fake = await startFake(
    (req) => req.headers.authorization === basic,
    (req) => {
      if (req.method === 'GET' && req.path === '/api/public/traces') {
        return list(data.traces, req, 'fromTimestamp', 'timestamp');
      }
      if (req.method === 'GET' && req.path === '/api/public/observations') {
        return list(data.observations, req, 'fromStartTime', 'startTime');
      }
      return null;
    },
  );
  return { ...fake, data };
}

/** LangSmith `GET /api/v1/sessions?name=` and `POST /api/v1/runs/query` (newest first, `cursors.next`). */
export async function startFakeLangsmith(apiKey: string, project: { id: string; name: string }) {
  const runs: Record<string, unknown>[] = [];
  const fake = await startFake(
    (req) => req.headers['x-api-key'] === apiKey,
    (req) => {
      if (req.method === 'GET' && req.path === '/api/v1/sessions') {
        return {
          status: 200,
          body: req.query.get('name') === project.name ? [{ ...project, tenant_id: 't' }] : [],
        };
      }
      if (req.method === 'POST' && req.path === '/api/v1/runs/query') {
        const body = req.body as {
          session: string[];
          start_time?: string;
          limit: number;
          cursor?: string;
        };
        const offset = body.cursor ? Number(body.cursor) : 0;
        const matching = runs
          .filter((r) => body.session.includes(String(r.session_id)))
          .filter(
            (r) =>
              !body.start_time || Date.parse(`${r.start_time}Z`) >= Date.parse(body.start_time),
          )
          .sort((a, b) => -byTime('start_time')(a, b));
        const next = offset + body.limit < matching.length ? String(offset + body.limit) : null;
        return {
          status: 200,
          body: {
            runs: matching.slice(offset, offset + body.limit),
            cursors: { next, prev: null },
          },
        };
      }
      return null;
    },
  );
  return { ...fake, runs };
}

/** Phoenix `GET /v1/projects/{project}/spans` (newest first, `next_cursor`), Bearer auth. */
export async function startFakePhoenix(apiKey: string, projectName: string) {
  const spans: Record<string, unknown>[] = [];
  const fake = await startFake(
    (req) => req.headers.authorization === `Bearer ${apiKey}`,
    (req) => {
      if (req.method !== 'GET' || req.path !== `/v1/projects/${projectName}/spans`) {
        return null;
      }
      const from = req.query.get('start_time');
      const limit = Number(req.query.get('limit') ?? 100);
      const offset = Number(req.query.get('cursor') ?? 0);
      const matching = spans
        .filter((s) => !from || Date.parse(String(s.start_time)) >= Date.parse(from))
        .sort((a, b) => -byTime('start_time')(a, b));
      const next = offset + limit < matching.length ? String(offset + limit) : null;
      return {
        status: 200,
        body: { data: matching.slice(offset, offset + limit), next_cursor: next },
      };
    },
  );
  return { ...fake, spans };
}
