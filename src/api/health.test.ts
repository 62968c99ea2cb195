import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './testing';

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

  it('reports the sandbox status and the database round trip', async () => {
    const { body } = await health();
    expect(body).toMatchObject({ ok: true, status: 'green', database: { ok: true } });
    expect(body.sandbox).toHaveProperty('available');
  });
});
