import { describe, expect, it } from 'vitest';
import { CODING_CRITERIA } from '../../bench/quality/coding/coding-criteria';
import { codingViews } from '../../bench/quality/coding/coding-views';
import { generateCodingRuns } from '../../bench/quality/coding/generate-coding-runs';

const runs = generateCodingRuns({ seed: 1 });

/** The words of what the user and the agent said (not tool traffic). */
const wordsOf = (run: (typeof runs)[number]) =>
  new Set(
    run.record.messages
      .filter((m) => m.role === 'user' || m.role === 'assistant')
      .flatMap((m) => (m.content ?? '').toLowerCase().split(/[^a-z0-9_'./-]+/))
      .filter(Boolean),
  );

describe('generated coding-agent runs', () => {
  it('are the same for the same seed and differ for another seed', () => {
    expect(JSON.stringify(generateCodingRuns({ seed: 1 }))).toBe(JSON.stringify(runs));
    const other = generateCodingRuns({ seed: 2 });
    expect(other).toHaveLength(300);
    expect(JSON.stringify(other.map((r) => r.record))).not.toBe(
      JSON.stringify(runs.map((r) => r.record)),
    );
  });

  it('are 75 tasks of 4 runs with distinct ids, and more tasks never change earlier ones', () => {
    expect(runs).toHaveLength(300);
    expect(new Set(runs.map((r) => r.record.id)).size).toBe(300);
    const perTask = new Map<string, number>();
    for (const r of runs) {
      perTask.set(r.task.id, (perTask.get(r.task.id) ?? 0) + 1);
    }
    expect([...perTask.values()].every((n) => n === 4)).toBe(true);
    expect(perTask.size).toBe(75);
    const fewer = generateCodingRuns({ seed: 1, tasks: 10 });
    expect(JSON.stringify(fewer)).toBe(JSON.stringify(runs.slice(0, 40)));
  });

  it("go through the product's importer with tool results, exit codes and errors intact", () => {
    const views = codingViews(runs);
    const calls = views.flatMap((v) => v.steps.flatMap((s) => s.tool_calls));
    expect(new Set(calls.map((c) => c.name))).toEqual(
      new Set(['read_file', 'edit_file', 'write_file', 'run_shell', 'list_dir', 'search_code']),
    );
    const exits = calls.map((c) => (c.result as { exit_code?: number } | null)?.exit_code);
    expect(exits).toContain(0);
    expect(exits).toContain(1);
    expect(calls.some((c) => c.name === 'edit_file' && c.error?.startsWith('Error'))).toBe(true);
    expect(calls.every((c) => c.result !== null)).toBe(true);
  });

  it('keep the hidden truth out of what the learner sees', () => {
    const text = JSON.stringify(codingViews(runs));
    expect(text).not.toMatch(/fixWorks|claimedPass|truth/);
    const keys = new Set(codingViews(runs).flatMap((v) => Object.keys(v.metadata)));
    expect([...keys]).toEqual(['id']);
  });

  it('vary their phrasing so that no single word predicts a label much better than the majority', () => {
    const words = runs.map(wordsOf);
    const vocabulary = [...new Set(words.flatMap((w) => [...w]))];
    for (const c of CODING_CRITERIA) {
      const labels = runs.map(c.label);
      const passes = labels.filter(Boolean).length;
      const majority = Math.max(passes, runs.length - passes) / runs.length;
      const best = Math.max(
        ...vocabulary.map((w) => {
          const hits = labels.filter((l, i) => words[i]!.has(w) === l).length;
          return Math.max(hits, runs.length - hits) / runs.length;
        }),
      );
      expect({ id: c.id, gain: best - majority < 0.15 }).toEqual({ id: c.id, gain: true });
    }
  });
});
