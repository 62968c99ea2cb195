import { describe, expect, it } from 'vitest';
import { runToEnd } from './gepa-adapter';
import { initState } from './init-state';
import { candidateText, iterationRows } from './iteration-rows';
import { GOLDEN_CONFIG, GOLDEN_TASKS, keywordAdapter } from './testing/keyword-world';

const tasks = GOLDEN_TASKS;

describe('prompt_iterations rows of a GEPA run', () => {
  it('writes one row per iteration with lineage, diff, reason, guards, scores and status', async () => {
    const config = GOLDEN_CONFIG;
    const state = await runToEnd(initState(config, { system: 'Be brief.' }), keywordAdapter(tasks));
    let n = 0;
    const rows = await iterationRows({
      workspaceId: 'ws',
      agentId: 'agt',
      gepaRunId: 'run',
      state,
      written: 1,
      newId: (p) => `${p}_${n++}`,
    });
    // the golden run: accepted, skipped as perfect, accepted; the first was written already
    expect(rows.map((r) => [r.iteration, r.status, r.candidateIndex, r.text])).toEqual([
      [1, 'rejected', null, 'Be brief. beta alpha'],
      [2, 'evaluated', 2, 'Be brief. beta alpha gamma'],
    ]);
    expect(rows[1]?.changeSummary?.diff).toContain('-Be brief. beta alpha\n');
    expect(rows[1]?.changeSummary?.diff).toContain('+Be brief. beta alpha gamma\n');
    expect(rows[1]?.changeSummary?.reason).toBe('accepted: Edited.');
    expect(rows[1]?.scores).toEqual({ minibatch: 1, val: 1 });
    expect(rows[1]?.guardResults).toMatchObject({ copied: { ok: true } });
    expect(rows[0]?.changeSummary?.reason).toBe('skipped-perfect');
    expect(rows[1]?.textHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names each component when a candidate has several', () => {
    expect(candidateText({ tools: 'T', system: 'S' })).toBe('## system\nS\n\n## tools\nT');
  });
});
