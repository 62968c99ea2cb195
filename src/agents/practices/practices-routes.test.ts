import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { lintPrompt } from './lint-prompt';
import type { Practice } from './practice-input';
import { listPractices, matchingPractices } from './practices';

let api: TestApi;
/** Our rules, as the migration wrote them. */
let ours: Practice[];
beforeEach(async () => {
  api = await createTestApi();
  ours = await listPractices(createSystemCtx(api.deps, api.workspaceId, 'test'));
});

/** The subjects design §8 lists, in its order, one rule each. */
const OUR_RULES = [
  'iofold.role_goal',
  'iofold.one_rule_per_line',
  'iofold.missing_information',
  'iofold.name_tools',
  'iofold.confirm_irreversible',
  'iofold.precedence',
  'iofold.output_format',
  'iofold.policy_tone',
  'iofold.do_x',
  'iofold.no_customer_data',
  'iofold.keep_placeholders',
  'iofold.cut_unused',
];
afterEach(() => api.close());

describe('/v1/prompt-practices', () => {
  it("lists our rules and the workspace's, which it can add, edit and delete; ours are read-only", async () => {
    const listed = (await api.json('GET', '/v1/prompt-practices')).body.data;
    expect(listed.map((p: { id: string }) => p.id)).toEqual(OUR_RULES);
    expect(listed).toEqual(ours);
    expect(listed.filter((p: Practice) => p.lint).map((p: Practice) => p.lint?.kind)).toEqual([
      'duplicate_lines',
      'tools_named',
      'always_never',
      'placeholders',
      'length',
    ]);
    for (const p of listed) {
      expect(p.source).toBe('iofold');
      expect(p.trigger).toBeTruthy();
      expect(p.rule.split('. ').length).toBe(1);
    }
    const created = await api.json('POST', '/v1/prompt-practices', {
      category: 'brand',
      title: 'No competitor names',
      rule: 'Never name a competitor.',
      trigger: 'competitor|rival',
      lint: { kind: 'forbid', words: ['MegaShop'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ source: 'workspace', enabled: true });
    const id = created.body.id;
    expect(
      (await api.json('PATCH', `/v1/prompt-practices/${id}`, { enabled: false })).body.enabled,
    ).toBe(false);
    expect(
      (await api.json('PATCH', '/v1/prompt-practices/iofold.role_goal', { enabled: false })).status,
    ).toBe(409);
    const bad = await api.json('POST', '/v1/prompt-practices', {
      category: 'x',
      title: 'x',
      rule: 'two\nlines',
    });
    expect(bad.status).toBe(400);
    const other = await api.addWorkspace();
    expect((await other.json('PATCH', `/v1/prompt-practices/${id}`, { title: 'y' })).status).toBe(
      404,
    );
    expect((await other.json('GET', '/v1/prompt-practices')).body.data).toHaveLength(
      OUR_RULES.length,
    );
    expect((await api.json('DELETE', '/v1/prompt-practices/iofold.role_goal')).status).toBe(409);
    expect((await api.json('DELETE', `/v1/prompt-practices/${id}`)).status).toBe(204);
    expect((await api.json('DELETE', `/v1/prompt-practices/${id}`)).status).toBe(404);
  });

  it("lints every manual edit with the workspace's rules and the agent's tools, and records it as an iteration", async () => {
    const agentId = (
      await api.json('POST', '/v1/agents', { name: 'shop', promptTemplate: 'Shop {{shop}}.' })
    ).body.id;
    const tool = await api.json('POST', '/v1/tools', {
      name: 'get_order',
      inputSchema: { type: 'object', properties: {} },
    });
    await api.json('PUT', `/v1/agents/${agentId}/tools/${tool.body.id}`, { mode: 'manual' });
    await api.json('POST', '/v1/prompt-practices', {
      category: 'brand',
      title: 'No competitor names',
      rule: 'Never name a competitor.',
      lint: { kind: 'forbid', words: ['MegaShop'] },
    });
    const session = (
      await api.json('POST', '/v1/playground/sessions', { agentId, variables: { shop: 'A' } })
    ).body.id;
    const edited = await api.json('PATCH', `/v1/playground/sessions/${session}`, {
      draftPrompt: 'Shop {{shop}}. Cheaper than MegaShop.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.lints.map((l: { lint: string }) => l.lint)).toEqual([
      'tools_named',
      'forbid',
    ]);
    expect(edited.body.lints[0].practiceId).toBe('iofold.name_tools');
    const iterations = (await api.json('GET', `/v1/playground/sessions/${session}/iterations`)).body
      .data;
    expect(iterations).toHaveLength(1);
    expect(iterations[0]).toMatchObject({
      source: 'manual',
      status: 'proposed',
      text: 'Shop {{shop}}. Cheaper than MegaShop.',
      guardResults: { lints: { ok: false } },
    });
    expect(iterations[0].changeSummary.diff).toContain('+Shop {{shop}}. Cheaper than MegaShop.');
    // a model-settings edit changes no prompt: no iteration
    await api.json('PATCH', `/v1/playground/sessions/${session}`, {
      modelConfig: { temperature: 0 },
    });
    expect(
      (await api.json('GET', `/v1/playground/sessions/${session}/iterations`)).body.data,
    ).toHaveLength(1);
  });
});

describe('matchingPractices', () => {
  it('picks at most five enabled rules whose triggers match, most words first, and eval triggers by name', () => {
    const workspace: Practice = {
      ...(ours[0] as Practice),
      id: 'bp_1',
      trigger: 'eval:eval_refund',
      source: 'workspace' as const,
    };
    const all = [...ours, workspace];
    const picked = matchingPractices(all, {
      text: 'cancelled without confirming; the refund was made up; tool error; json format broken; too long',
      failedEvals: ['eval_refund'],
    });
    expect(picked).toHaveLength(5);
    expect(picked[0]?.id).toBe('iofold.confirm_irreversible');
    expect(matchingPractices(all, { text: 'fine', failedEvals: ['eval_refund'] })).toEqual([
      workspace,
    ]);
    expect(
      matchingPractices([{ ...workspace, enabled: false }], {
        text: '',
        failedEvals: ['eval_refund'],
      }),
    ).toEqual([]);
  });

  it('tags findings with the rule that owns the lint', () => {
    const found = lintPrompt('Always refund the order now.\nNever refund the order twice.', {
      practices: ours,
    });
    expect(found).toEqual([
      expect.objectContaining({ lint: 'always_never', practiceId: 'iofold.precedence' }),
    ]);
  });
});
