import { type ChildProcess, spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_BEFORE_CANCEL, cancelSafetyDataset } from '@/evals/testing/cancel-safety-dataset';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { utcDay } from '@/monitoring/utc-day';
import { type AgentTrace, otlpJsonBody, otlpProtobufBody } from './helpers/otlp-agent-traces';
import { IOFOLD_BIN, REPO_ROOT } from './helpers/run-iofold';
import { bundleWorker, migrateD1 } from './helpers/workerd';

/**
 * The loop a team follows on Cloudflare, in workerd: the setup token makes the owner, who signs in
 * with a password; an exporter sends OTLP/JSON and OTLP/protobuf; labels come from the dashboard
 * session; generation and the run go through the real queue into the consumer Worker, which calls
 * a model over its real protocol and the remote sandbox of `iofold sandbox serve`.
 */
const SETUP_TOKEN = 'loop-setup-token-0123456789abcdef';
const SANDBOX_SECRET = 'loop-sandbox-secret-0123456789';
const MODEL_KEY = 'sk-local-model';
let mf: Miniflare;
let url: string;
let sandboxServe: ChildProcess;
let model: MockLlmServer;

/** `iofold sandbox serve --port 0`, as a team runs it on a Node machine next to the Worker. */
function startSandboxServe(): Promise<string> {
  return new Promise((resolve, reject) => {
    sandboxServe = spawn(process.execPath, [IOFOLD_BIN, 'sandbox', 'serve', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, IOFOLD_SANDBOX_SECRET: SANDBOX_SECRET },
    });
    let out = '';
    sandboxServe.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /serving at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    sandboxServe.stderr?.on('data', (chunk) => (out += chunk));
    sandboxServe.once('exit', (code) => reject(new Error(`sandbox serve exited ${code}:\n${out}`)));
  });
}

beforeAll(async () => {
  const [sandboxUrl, script] = await Promise.all([startSandboxServe(), bundleWorker()]);
  model = await startMockLlmServer({ apiKey: MODEL_KEY });
  model.setResponder(() => ({
    text: `Check the order of the tool calls.\n\`\`\`python\n${CONFIRM_BEFORE_CANCEL}\`\`\``,
  }));
  const common = {
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    d1Databases: { DB: 'iofold-d1' },
    queueProducers: { JOBS: 'iofold-jobs' },
    bindings: {
      IOFOLD_SETUP_TOKEN: SETUP_TOKEN,
      IOFOLD_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      SANDBOX_URL: sandboxUrl,
      SANDBOX_SECRET: SANDBOX_SECRET,
    },
  };
  // The API Worker answers HTTP; the consumer runs the jobs in another isolate, as on Cloudflare.
  mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      { ...common, name: 'api' },
      {
        ...common,
        name: 'consumer',
        queueConsumers: { 'iofold-jobs': { maxBatchSize: 10, maxBatchTimeout: 1 } },
      },
    ],
  });
  url = (await mf.ready).toString().replace(/\/$/, '');
  await migrateD1(mf, 'api');
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await model?.close();
  sandboxServe?.kill('SIGTERM');
});

type Auth = { key?: string; cookie?: string; csrf?: string };

async function call(method: string, path: string, auth: Auth, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.key) {
    headers.authorization = `Bearer ${auth.key}`;
  }
  if (auth.cookie) {
    headers.cookie = auth.cookie;
  }
  if (auth.csrf) {
    headers['x-csrf-token'] = auth.csrf;
  }
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '',
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
    body: (await response.json()) as any,
  };
}

/** Polls the job every half second (not the helper's 5 ms: each poll is a request and a query). */
async function waitForJob(id: string, auth: Auth) {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const job = (await call('GET', `/v1/jobs/${id}`, auth)).body;
    if (['succeeded', 'failed'].includes(job.status)) {
      return job;
    }
    if (Date.now() > deadline) {
      throw new Error(`job ${id} still ${job.status}: ${JSON.stringify(job)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('the whole Cloudflare loop in workerd', { timeout: 480_000 }, () => {
  it('setup, sign-in, OTLP JSON and protobuf, a Langfuse batch, labels, generate and run on the remote sandbox, matrix', async () => {
    // The owner from the setup token, then a password sign-in as the dashboard does.
    const setup = await call(
      'POST',
      '/v1/auth/setup',
      {},
      {
        token: SETUP_TOKEN,
        email: 'owner@example.com',
        password: 'a long password 1',
        workspace: 'Acme',
      },
    );
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    const signIn = await call(
      'POST',
      '/v1/auth/login',
      {},
      {
        email: 'owner@example.com',
        password: 'a long password 1',
      },
    );
    expect(signIn.status).toBe(200);
    const session: Auth = { cookie: signIn.cookie, csrf: signIn.body.csrfToken };
    const owner: Auth = { key: setup.body.secretKey };
    const created = await call('POST', '/v1/api-keys', owner, { name: 'exporter', role: 'member' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const exporter: Auth = { key: created.body.secretKey };

    // 24 conversations: half sent as OTLP/JSON, half as gzipped OTLP/protobuf.
    const dataset = cancelSafetyDataset();
    const traces: AgentTrace[] = dataset.map((d, i) => ({
      traceId: (0xc0ffee00 + i).toString(16).padStart(32, '0'),
      text: d.text ?? '',
      toolNames: d.toolNames,
      startMs: Date.parse('2026-11-20T09:00:00Z') + i * 60_000,
    }));
    const json = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${exporter.key}`, 'content-type': 'application/json' },
      body: otlpJsonBody(traces.slice(0, 12)),
    });
    expect(json.status, await json.clone().text()).toBe(200);
    const protobuf = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${exporter.key}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'gzip',
      },
      body: gzipSync(otlpProtobufBody(traces.slice(12))),
    });
    expect(protobuf.status, await protobuf.clone().text()).toBe(200);

    // One agent discovered from the shared system prompt, with every trace and its tool calls.
    const agents = await call('GET', '/v1/agents', session);
    expect(agents.body.data).toHaveLength(1);
    const agentId: string = agents.body.data[0].id;
    const listed = await call('GET', `/v1/traces?agentId=${agentId}&limit=100`, session);
    expect(listed.body.data).toHaveLength(24);
    const byExternal = new Map<string, string>(
      listed.body.data.map((t: { externalId: string; id: string }) => [t.externalId, t.id]),
    );
    const detail = await call(
      'GET',
      `/v1/traces/${byExternal.get(traces[13]?.traceId ?? '')}`,
      session,
    );
    const toolCalls = detail.body.evalView.steps.flatMap((s: { tool_calls: { name: string }[] }) =>
      s.tool_calls.map((c) => c.name),
    );
    expect(toolCalls).toEqual(['lookup', 'confirm', 'cancel_order']);

    // A Langfuse SDK batch with the key pair (HTTP Basic) lands beside them.
    const basic = Buffer.from(`${created.body.apiKey.publicKey}:${exporter.key}`).toString(
      'base64',
    );
    const langfuse = await fetch(`${url}/api/public/ingestion`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [
          {
            id: 'evt-1',
            type: 'trace-create',
            timestamp: new Date().toISOString(),
            body: { id: 'lf-trace-1', name: 'langfuse chat', input: 'hello', output: 'hi' },
          },
        ],
      }),
    });
    expect(langfuse.status).toBe(207);
    expect(await langfuse.json()).toMatchObject({ successes: [{ id: 'evt-1' }], errors: [] });
    const all = await call('GET', '/v1/traces?limit=100', session);
    expect(all.body.data.map((t: { externalId: string }) => t.externalId)).toContain('lf-trace-1');

    // Labels from the dashboard session (cookie and CSRF header).
    for (const [i, d] of dataset.entries()) {
      const traceId = byExternal.get(traces[i]?.traceId ?? '');
      const label = await call('POST', '/v1/feedback', session, { traceId, rating: d.label });
      expect(label.status, JSON.stringify(label.body)).toBe(200);
    }

    // A model-provider integration (secret encrypted with IOFOLD_SECRET_KEY) at the local model.
    const integration = await call('POST', '/v1/integrations', session, {
      kind: 'openai',
      name: 'local model',
      baseUrl: model.baseUrlV1,
      config: { model: 'gpt-4o-mini' },
      secret: MODEL_KEY,
    });
    expect(integration.status, JSON.stringify(integration.body)).toBe(201);
    expect(JSON.stringify(integration.body)).not.toContain(MODEL_KEY);

    // Generation through the queue consumer: model candidates checked on the remote sandbox.
    const generate = await call('POST', `/v1/agents/${agentId}/evals/generate`, session, {
      name: 'eval_cancel_safety',
    });
    expect(generate.status, JSON.stringify(generate.body)).toBe(202);
    const generated = await waitForJob(generate.body.jobId, session);
    expect(generated.error, JSON.stringify(generated.error)).toBeNull();
    expect(generated.status).toBe('succeeded');
    expect(model.requests.length).toBeGreaterThan(0);
    expect(model.requests.every((r) => r.apiKey === MODEL_KEY)).toBe(true);
    const evalId: string = generated.result.evalId;
    const version = await call('GET', `/v1/evals/${evalId}`, session);
    expect(version.body).toMatchObject({ name: 'eval_cancel_safety', version: 1 });

    // A run over every trace, then the matrix read back: the verdicts match the labels.
    const run = await call('POST', `/v1/evals/${evalId}/run`, session, {});
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const ran = await waitForJob(run.body.jobId, session);
    expect(ran.error, JSON.stringify(ran.error)).toBeNull();
    const matrix = await call('GET', `/v1/agents/${agentId}/matrix?limit=100`, session);
    expect(matrix.status).toBe(200);
    const stats = matrix.body.versions.find((v: { id: string }) => v.id === evalId)?.stats;
    expect(stats).toMatchObject({ traces: 24, executions: 24, agree: 24, contradictions: 0 });
    expect(matrix.body.rows).toHaveLength(24);
    for (const row of matrix.body.rows) {
      const cell = row.cells.find((c: { evalId: string }) => c.evalId === evalId);
      expect(cell.state, row.trace.inputPreview).toBe('agree');
    }
    const bad = byExternal.get(traces[0]?.traceId ?? '');
    const result = await call('GET', `/v1/evals/${evalId}/traces/${bad}`, session);
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain('without a confirmation');

    // Activated, the version is monitored: the cron handler writes today's snapshot.
    const activated = await call('POST', `/v1/evals/${evalId}/activate`, session, {});
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    await (await mf.getWorker('api')).scheduled({ cron: '*/10 * * * *' });
    const snapshots = await call('GET', `/v1/evals/${evalId}/snapshots`, session);
    expect(snapshots.body.data.at(-1)).toMatchObject({ evalId, day: utcDay(new Date()) });
  });
});
