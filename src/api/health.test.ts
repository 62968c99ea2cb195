import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import { createTestApi, type TestApi } from './testing';

const availableSandbox: Sandbox = {
  check: async () => ({ ok: true, functionName: 'eval_x' }),
  runEval: async () => ({ ok: true, outcomes: [] }),
  status: async () => ({ kind: 'fake', available: true, layers: [] }),
  close: async () => {},
};

let api: TestApi | undefined;
afterEach(() => api?.close());

async function health(llmEnv?: Record<string, string>) {
  api = await createTestApi({ deps: { llmEnv } });
  const response = await api.app.request('/health');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /health', () => {
  it("names the host's model provider and model, never its key", async () => {
    const { status, body } = await health({
      IOFOLD_LLM_PROVIDER: 'openai',
      IOFOLD_LLM_API_KEY: 'sk-health-secret-0000',
      IOFOLD_LLM_MODEL: 'gpt-4.1-mini',
    });
    expect(status).toBe(200);
    expect(body.model).toEqual({ configured: true, name: 'openai:gpt-4.1-mini' });
    expect(JSON.stringify(body)).not.toContain('sk-health-secret');
  });

  it('says what to configure when the host has no model provider', async () => {
    const { body } = await health({});
    expect(body.model).toMatchObject({ configured: false });
    expect((body.model as { message: string }).message).toContain('IOFOLD_LLM_PROVIDER');
  });

  it('reports degraded, with the reason, when the sandbox cannot run evals', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      status: 'degraded',
      reasons: ['sandbox: no sandbox in this test'],
      database: { ok: true },
      sandbox: { available: false, reason: 'no sandbox in this test' },
    });
  });

  it('reports degraded naming an unreadable model ceiling variable, never its value', async () => {
    api = await createTestApi({
      deps: {
        sandbox: availableSandbox,
        llmEnv: {
          IOFOLD_LLM_CEILING_MAX_COST_USD_PER_DAY: '50usd',
          IOFOLD_LLM_CEILING_CONCURRENCY: '4',
        },
      },
    });
    const body = (await (await api.app.request('/health')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      ok: true,
      status: 'degraded',
      reasons: [
        'model ceilings: IOFOLD_LLM_CEILING_MAX_COST_USD_PER_DAY is not a number ≥ 0, so its default applies',
      ],
    });
    expect(JSON.stringify(body)).not.toContain('50usd');
  });

  it('reports green when the database answers and the sandbox is available', async () => {
    api = await createTestApi({ deps: { sandbox: availableSandbox } });
    const body = (await (await api.app.request('/health')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, status: 'green', reasons: [], database: { ok: true } });
  });

  it("answers red (503) without the driver's message when the database does not answer", async () => {
    api = await createTestApi({ deps: { sandbox: availableSandbox } });
    api.close();
    const response = await api.app.request('/health');
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(503);
    expect(body).toMatchObject({
      ok: false,
      status: 'red',
      reasons: ['database: the database did not answer'],
      database: { ok: false, error: 'the database did not answer' },
    });
  });

  it('answers 503 at once from the routes that queue sandbox work when it is unavailable', async () => {
    api = await createTestApi();
    const agent = await api.json('POST', '/v1/agents', { name: 'support' });
    const generate = await api.json('POST', `/v1/agents/${agent.body.id}/evals/generate`, {});
    expect(generate.status).toBe(503);
    expect(generate.body.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'the Python sandbox is not available: no sandbox in this test',
    });
    const jobs = await api.json('GET', '/v1/jobs');
    expect(jobs.body.data).toEqual([]);
  });
});
