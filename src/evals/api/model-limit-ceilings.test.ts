import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { MODEL_LIMIT_CEILING_ENV } from '@/core/pick-llm-env';
import { DEFAULT_BRIDGE_SETTINGS } from '../bridge/bridge-settings';
import { DEFAULT_CEILINGS } from '../bridge/model-limit-ceilings';
import { workspaceBridgeSettings } from '../bridge/model-limits';

// What an outside tester sent (#13): every limit at its schema maximum.
const UNBOUNDED = {
  maxCallsPerDay: 100_000_000,
  maxCostUsdPerDay: 10_000_000,
  concurrency: 64,
  maxCostUsdPerRun: 1_000_000,
  maxCallsPerRun: 10_000_000,
  callTimeoutMs: 600_000,
};

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({
    deps: {
      llmEnv: {
        IOFOLD_LLM_PROVIDER: 'openai',
        IOFOLD_LLM_API_KEY: 'sk-operator-000000',
        IOFOLD_LLM_CEILING_MAX_COST_USD_PER_DAY: '10',
        IOFOLD_LLM_CEILING_CONCURRENCY: 'four',
      },
    },
  });
});
afterAll(() => api.close());

const runSettings = (workspaceId: string) =>
  workspaceBridgeSettings({ db: api.deps.db, workspaceId, llmEnv: api.deps.llmEnv });

describe("model limits on the server's provider (operator ceilings, #13)", () => {
  it('refuses limits over the ceilings with a 400 naming each and its variable, storing nothing', async () => {
    const refused = await api.json('PATCH', '/v1/workspace/model-limits', UNBOUNDED);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(refused.body.error.message).toContain(
      "maxCallsPerDay 100000000 is over the server's ceiling of 200000 (IOFOLD_LLM_CEILING_MAX_CALLS_PER_DAY)",
    );
    expect(refused.body.error.message).toContain('IOFOLD_LLM_CEILING_MAX_COST_USD_PER_DAY');
    expect(refused.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      Object.keys(UNBOUNDED).sort(),
    );
    const after = await api.json('GET', '/v1/workspace/model-limits');
    expect(after.body.overrides).toEqual({});
  });

  it('shows the ceilings, takes values up to them, and caps the defaults under a lower one', async () => {
    const view = await api.json('GET', '/v1/workspace/model-limits');
    expect(view.body.ceilings).toEqual({
      ...DEFAULT_CEILINGS,
      maxCostUsdPerDay: 10,
      // an unreadable value leaves the default ceiling
      concurrency: DEFAULT_CEILINGS.concurrency,
    });
    expect(view.body.defaults.maxCostUsdPerDay).toBe(DEFAULT_BRIDGE_SETTINGS.maxCostUsdPerDay);
    expect(view.body.effective.maxCostUsdPerDay).toBe(10);

    const set = await api.json('PATCH', '/v1/workspace/model-limits', {
      concurrency: DEFAULT_CEILINGS.concurrency,
      maxCallsPerDay: DEFAULT_CEILINGS.maxCallsPerDay,
    });
    expect(set.status).toBe(200);
    expect(set.body.effective).toMatchObject({
      concurrency: DEFAULT_CEILINGS.concurrency,
      maxCallsPerDay: DEFAULT_CEILINGS.maxCallsPerDay,
    });
    expect(await runSettings(api.workspaceId)).toMatchObject({
      concurrency: DEFAULT_CEILINGS.concurrency,
      maxCostUsdPerDay: 10,
    });
  });

  it('leaves a workspace with its own model provider its own limits', async () => {
    const own = await api.addWorkspace();
    const integration = await own.json('POST', '/v1/integrations', {
      kind: 'openai',
      name: 'our key',
      secret: 'sk-workspace-000000',
    });
    expect(integration.status).toBe(201);
    const set = await own.json('PATCH', '/v1/workspace/model-limits', UNBOUNDED);
    expect(set.status).toBe(200);
    expect(set.body.ceilings).toBeNull();
    expect(set.body.effective).toMatchObject(UNBOUNDED);
    expect(await runSettings(own.workspaceId)).toMatchObject(UNBOUNDED);

    // without it, its calls use the server's key again: the same stored limits are capped
    await own.json('DELETE', `/v1/integrations/${integration.body.id}`);
    const capped = await own.json('GET', '/v1/workspace/model-limits');
    expect(capped.body.overrides).toMatchObject(UNBOUNDED);
    expect(capped.body.effective).toMatchObject({ maxCallsPerDay: 200_000, maxCostUsdPerDay: 10 });
    expect(await runSettings(own.workspaceId)).toMatchObject({ concurrency: 16 });
  });

  it('are documented in docs/models.md, each variable with its default ceiling', () => {
    const page = readFileSync(join(process.cwd(), 'docs/models.md'), 'utf8');
    for (const [limit, variable] of Object.entries(MODEL_LIMIT_CEILING_ENV)) {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${variable}\``));
      const ceiling = DEFAULT_CEILINGS[limit as keyof typeof DEFAULT_CEILINGS];
      expect(row, variable).toContain(`| \`${limit}\``);
      expect(row, variable).toContain(`| ${ceiling.toLocaleString('en-US')} `);
    }
  });
});
