import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { evalExecutions, traces } from '@/db/schema';
import { waitFor } from '@/jobs/testing';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { SHOP_SYSTEM, shopAgent, shopApiWorld } from '@/optimize/runs/testing';
import { importTraces } from '@/traces/import/import-traces';
import { streamedText } from '../testing';

const IMPROVED = [
  `${SHOP_SYSTEM} Shop: {{shop}}.`,
  'Use get_user to find the customer; when a tool returns an error, say so and ask again.',
  'Before you call cancel_order, ask the customer to confirm.',
].join('\n');

/** What the reflector answers next: a proposal, then one that drops {{shop}}. */
let proposals: string[] = [];
const improveRequests: string[] = [];
function responder(request: MockRequest) {
  const text = JSON.stringify(request.body.messages);
  if (text.includes('I gave an assistant the following instructions')) {
    improveRequests.push(String((request.body.messages as { content: string }[])[0]?.content));
    return { text: `Adds a confirmation before cancelling.\n\`\`\`\n${proposals.shift()}\n\`\`\`` };
  }
  return shopAgent()(request);
}

const world = shopApiWorld();
beforeAll(() => world.servers.llm.setResponder(responder));
beforeEach(() => {
  proposals = [IMPROVED, 'You are the shop agent. Always be nice.'];
  improveRequests.length = 0;
});

const newSession = async () =>
  (
    await world.api.json('POST', '/v1/playground/sessions', {
      agentId: world.seeded.agentId,
      agentVersionId: world.seeded.versionId,
      variables: { shop: 'north' },
    })
  ).body.id as string;

/** Three traces of the shop agent that cancel without asking, labelled negative with a note. */
async function seedFailures() {
  const lines = [1, 2, 3].map((i) =>
    JSON.stringify({
      id: `bad-${i}`,
      messages: [
        { role: 'system', content: SHOP_SYSTEM },
        { role: 'user', content: `what happened to parcel number ${i}?` },
        { role: 'assistant', content: `I cancelled order ${i}.` },
      ],
    }),
  );
  await importTraces(
    createSystemCtx(world.api.deps, world.api.workspaceId),
    new Blob([lines.join('\n')]).stream(),
    { format: 'openai' },
  );
  const bad = (
    await world.api.deps.db
      .select({ id: traces.id, agentId: traces.agentId, externalId: traces.externalId })
      .from(traces)
      .where(eq(traces.workspaceId, world.api.workspaceId))
  ).filter((r) => r.externalId.startsWith('bad-'));
  const ids: string[] = [];
  for (const row of bad) {
    expect(row.agentId).toBe(world.seeded.agentId);
    const labelled = await world.api.json('POST', '/v1/feedback', {
      traceId: row.id,
      rating: 'negative',
      notes: 'cancelled without the customer confirming',
    });
    expect(labelled.status).toBe(200);
    ids.push(row.id);
  }
  expect(ids).toHaveLength(3);
  return ids;
}

describe('playground improve, iterations and taskset runs', () => {
  it('stores the session as a trace that is auto-evaluated and can be labelled', async () => {
    const id = await newSession();
    const response = await world.api.request(`/v1/playground/sessions/${id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'please cancel A1' }] },
      }),
    });
    const body = await response.text();
    expect(streamedText(body), body).toContain('recorded: A1 cancelled');
    const { traceId } = (await world.api.json('GET', `/v1/playground/sessions/${id}`)).body;
    const executed = await waitFor(async () => {
      const rows = await world.api.deps.db
        .select()
        .from(evalExecutions)
        .where(eq(evalExecutions.traceId, traceId));
      return rows.length > 0 ? rows : null;
    }, 60_000);
    expect(executed.map((e) => [e.evalId, e.status])).toEqual([[world.seeded.evalId, 'pass']]);
    const labelled = await world.api.json('POST', '/v1/feedback', {
      traceId,
      rating: 'positive',
      notes: 'asked first',
    });
    expect(labelled.status).toBe(200);
    const trace = (await world.api.json('GET', `/v1/traces/${traceId}`)).body;
    expect(trace.source).toBe('playground');
    expect(trace.feedback.map((f: { rating: string }) => f.rating)).toEqual(['positive']);
    expect(trace.evalResults.map((r: { status: string }) => r.status)).toEqual(['pass']);
  }, 120_000);

  it('improves from failing traces through the guards and lints, remembers rejections, and runs a proposal over the test split', async () => {
    const session = await newSession();
    // fewer than 3 failing traces: a clear refusal, nothing recorded
    const early = await world.api.json('POST', `/v1/playground/sessions/${session}/improve`, {});
    expect(early.status, JSON.stringify(early.body)).toBe(422);
    expect(early.body.error.message).toContain('at least 3 failing traces');
    const failing = await seedFailures();

    const first = await world.api.json('POST', `/v1/playground/sessions/${session}/improve`, {
      notes: 'it must ask before cancelling',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect([...first.body.traceIds].sort()).toEqual([...failing].sort());
    expect(first.body.iteration).toMatchObject({
      source: 'improve',
      status: 'proposed',
      text: IMPROVED,
    });
    expect(first.body.lints).toEqual([]);
    expect(
      Object.values(first.body.iteration.guardResults).every((g) => (g as { ok: boolean }).ok),
    ).toBe(true);
    expect(first.body.iteration.changeSummary.reason).toContain('confirmation before cancelling');
    expect(first.body.rules.map((r: { id: string }) => r.id)).toContain(
      'iofold.confirm_irreversible',
    );
    const sent = improveRequests[0] ?? '';
    expect(sent).toContain('what happened to parcel number 2?');
    expect(sent).toContain('negative: cancelled without the customer confirming');
    expect(sent).toContain('it must ask before cancelling');
    expect(sent).toContain('- cancel_order:');
    expect(sent).toContain('Confirm irreversible actions');
    // the session itself is untouched: a proposal never replaces the prompt or a version
    const after = (await world.api.json('GET', `/v1/playground/sessions/${session}`)).body;
    expect(after.draftPrompt).toBeNull();

    const second = await world.api.json('POST', `/v1/playground/sessions/${session}/improve`, {});
    expect(second.body.iteration.status).toBe('rejected');
    expect(second.body.iteration.guardResults.variables).toMatchObject({ ok: false });
    expect(second.body.lints.map((l: { lint: string }) => l.lint)).toContain('placeholders');
    proposals = [IMPROVED];
    const third = await world.api.json('POST', `/v1/playground/sessions/${session}/improve`, {});
    expect(improveRequests[2]).toContain('rejected; do not propose them again');
    expect(improveRequests[2]).toContain('-You are the shop agent. Shop: {{shop}}.');
    // the same text as the first proposal is not novel
    expect(third.body.iteration.guardResults.novel).toMatchObject({ ok: false });

    const listed = await world.api.json('GET', `/v1/playground/sessions/${session}/iterations`);
    expect(listed.body.data.map((i: { status: string }) => i.status)).toEqual([
      'rejected',
      'rejected',
      'proposed',
    ]);

    const run = await world.api.json('POST', `/v1/playground/sessions/${session}/taskset-runs`, {
      tasksetId: world.seeded.tasksetId,
      split: 'test',
      iterationId: first.body.iteration.id,
    });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.candidateText).toBe(IMPROVED);
    const done = await waitFor(async () => {
      const { body } = await world.api.json('GET', `/v1/taskset-runs/${run.body.id}`);
      return ['succeeded', 'failed'].includes(body.status) ? body : null;
    }, 60_000);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ planned: 2, done: 2 });
    const decided = (await world.api.json('GET', `/v1/playground/sessions/${session}/iterations`))
      .body.data;
    expect(decided.at(-1).runs).toEqual([
      { id: run.body.id, status: 'succeeded', split: 'test', meanScore: done.summary.meanScore },
    ]);
    // the proposal's status followed its run, with the run's score on the split
    expect(decided.at(-1)).toMatchObject({
      status: 'evaluated',
      scores: { test: done.summary.meanScore },
    });
    expect(decided[1].runs).toEqual([]);

    const other = await world.api.addWorkspace();
    expect(
      (await other.json('POST', `/v1/playground/sessions/${session}/improve`, {})).status,
    ).toBe(404);
    expect(
      (
        await world.api.json('POST', `/v1/playground/sessions/${session}/taskset-runs`, {
          tasksetId: world.seeded.tasksetId,
          iterationId: 'pit_nope',
        })
      ).status,
    ).toBe(404);
  }, 120_000);
});
