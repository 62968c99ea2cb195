import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { makeView } from '../synth/testing/make-view';
import { pythonUnavailableReason, runPythonEval } from '../synth/testing/run-python.node';
import type { Candidate, LabelledTrace, RunCandidate, TrainableCandidate } from './candidate';
import { crossValidate } from './cross-validate';
import { synthCandidate } from './synth-candidate';

const noPython = pythonUnavailableReason();
if (noPython) {
  console.log(`skipping the python3 case in cross-validate.test.ts: ${noPython}`);
}

const transferred = (v: EvalView) =>
  v.steps.some((s) => s.tool_calls.some((c) => c.name === 'transfer'));

/** 12 tasks x 3 trials; a trace should pass unless the agent transferred. */
function dataset(): LabelledTrace[] {
  const out: LabelledTrace[] = [];
  for (let task = 0; task < 12; task++) {
    for (let trial = 0; trial < 3; trial++) {
      const transfer = task % 3 === 0 || (task === 4 && trial === 1);
      const view = makeView(
        [
          { user: `Help with booking ${task}, attempt ${trial}` },
          { call: 'lookup', args: { id: `b${task}` } },
          ...(transfer ? [{ call: 'transfer' }] : []),
          { assistant: 'Done.' },
        ],
        { task_id: task },
      );
      out.push({ view, label: transfer ? 'negative' : 'positive' });
    }
  }
  out.push({ view: makeView([{ user: 'unclear' }], { task_id: 99 }), label: 'neutral' });
  return out;
}

/** A tiny JS stand-in for the sandbox: understands a few code words. */
const fakeRun: RunCandidate = async (code, traces) =>
  traces.map((v) => {
    if (code === 'ALWAYS_PASS') {
      return true;
    }
    if (code === 'ERRORS') {
      return null;
    }
    if (code.startsWith('MEMO:')) {
      const memo = JSON.parse(code.slice(5)) as Record<string, boolean>;
      return memo[v.trace_id] ?? true;
    }
    return !transferred(v);
  });

describe('crossValidate', () => {
  it('retrains trainable candidates per fold on traces whose groups are not held out', async () => {
    const seen: string[][] = [];
    const spy: TrainableCandidate = {
      kind: 'trainable',
      id: 'spy',
      train: (examples) => {
        seen.push(examples.map((e) => e.view.trace_id));
        return { code: 'RULE' };
      },
    };
    const data = dataset();
    const report = await crossValidate([spy], data, { k: 4, seed: 2, runCandidate: fakeRun });
    expect(report.neutralExcluded).toBe(1);
    expect(seen).toHaveLength(4);
    report.folds.forEach((held, f) => {
      expect(seen[f]?.some((id) => held.includes(id))).toBe(false);
      expect((seen[f]?.length ?? 0) + held.length).toBe(36);
    });
    const taskOf = new Map(data.map((t) => [t.view.trace_id, t.view.metadata.task_id]));
    const byTask = new Map<unknown, Set<number>>();
    report.folds.forEach((held, f) => {
      for (const id of held) {
        const s = byTask.get(taskOf.get(id)) ?? new Set<number>();
        s.add(f);
        byTask.set(taskOf.get(id), s);
      }
    });
    expect([...byTask.values()].every((s) => s.size === 1)).toBe(true);
    const spyReport = report.candidates[0];
    expect(spyReport?.folds).toHaveLength(4);
    expect(spyReport?.pooled.n).toBe(36);
    expect(spyReport?.pooled.kappa?.value).toBeCloseTo(1, 9);
    expect(spyReport?.stable).toBe(true);
  });

  it('judges a trainable candidate by its JS twin when it has one, never running its code', async () => {
    const ran: string[] = [];
    const twin: TrainableCandidate = {
      kind: 'trainable',
      id: 'twin',
      train: (examples) => ({
        code: 'TWIN',
        predict: (v) => ({ passed: !transferred(v), reason: `trained on ${examples.length}` }),
      }),
    };
    const report = await crossValidate([twin], dataset(), {
      k: 3,
      runCandidate: async (code, traces) => {
        ran.push(code);
        return fakeRun(code, traces);
      },
    });
    expect(ran).toEqual([]);
    expect(report.candidates[0]?.pooled.n).toBe(36);
    expect(report.candidates[0]?.rankKappa).toBeCloseTo(1, 9);
    // Each held-out verdict carries the reason of the model trained without that trace's fold.
    const foldSize = new Map(report.folds.flatMap((ids) => ids.map((id) => [id, ids.length])));
    for (const h of report.candidates[0]?.heldOut ?? []) {
      expect(h.reason).toBe(`trained on ${36 - (foldSize.get(h.traceId) ?? 0)}`);
    }
  });

  it('picks held-out kappa over training accuracy: a memoriser loses to a general rule', async () => {
    const memoriser: TrainableCandidate = {
      kind: 'trainable',
      id: 'memoriser',
      train: (examples) => ({
        code: `MEMO:${JSON.stringify(Object.fromEntries(examples.map((e) => [e.view.trace_id, e.label])))}`,
      }),
    };
    const rule: Candidate = { kind: 'fixed', id: 'rule', code: 'RULE', promptTraceIds: [] };
    const report = await crossValidate([memoriser, rule], dataset(), {
      k: 3,
      runCandidate: fakeRun,
    });
    expect(report.winner).toBe('rule');
    expect(report.ranking).toEqual(['rule', 'memoriser']);
    expect(report.candidates[0]?.rankKappa).toBeCloseTo(0, 9);
  });

  it('judges a fixed candidate only off its prompt traces and their near-duplicates', async () => {
    const data = dataset();
    const promptIds = [data[0]?.view.trace_id ?? '', data[4]?.view.trace_id ?? ''];
    const fixed: Candidate = { kind: 'fixed', id: 'llm', code: 'RULE', promptTraceIds: promptIds };
    const judged: string[] = [];
    const report = await crossValidate([fixed], data, {
      runCandidate: async (code, traces) => {
        judged.push(...traces.map((t) => t.trace_id));
        return fakeRun(code, traces);
      },
    });
    // Traces 0 and 4 belong to tasks 0 and 1, three trials each: six traces never judged.
    expect(report.candidates[0]?.excluded).toBe(6);
    expect(judged).toHaveLength(30);
    expect(judged).not.toContain(data[1]?.view.trace_id);
  });

  it('ranks candidates on the traces both were judged on, not each on its own', async () => {
    const data = dataset();
    // Code that says each trace's label except on the listed rows (positives of tasks 5 and 7).
    const memo = (wrong: number[]) =>
      `MEMO:${JSON.stringify(
        Object.fromEntries(
          data.map((t, i) => [t.view.trace_id, (t.label === 'positive') !== wrong.includes(i)]),
        ),
      )}`;
    // 'model' saw tasks 0-2 in its prompt: it is judged on tasks 3-11 only, where 'folds' is
    // wrong six times and 'model' five; 'folds' is right on tasks 0-2, which 'model' was not
    // judged on.
    const folds: Candidate = {
      kind: 'fixed',
      id: 'folds',
      code: memo([15, 16, 17, 21, 22, 23]),
      promptTraceIds: [],
    };
    const model: Candidate = {
      kind: 'fixed',
      id: 'model',
      code: memo([15, 16, 17, 21, 22]),
      promptTraceIds: [0, 3, 6].map((i) => data[i]?.view.trace_id ?? ''),
    };
    const report = await crossValidate([folds, model], data, { runCandidate: fakeRun });
    const [f, m] = report.candidates;
    // Each on its own traces, 'folds' looks better (0.67 on 36 against 0.64 on 27) ...
    expect(f?.rankKappa ?? 0).toBeGreaterThan(m?.rankKappa ?? 0);
    expect(m?.excluded).toBe(9);
    // ... but on the 27 traces both were judged on, 'model' is wrong once less.
    expect(report.ranking).toEqual(['model', 'folds']);
  });

  it('counts eval errors against a candidate and breaks ties by smaller code', async () => {
    const data = dataset();
    const candidates: Candidate[] = [
      { kind: 'fixed', id: 'errors', code: 'ERRORS', promptTraceIds: [] },
      {
        kind: 'fixed',
        id: 'long',
        code: 'RULE\n# same rule, longer\nx = 1\ny = 2',
        promptTraceIds: [],
      },
      { kind: 'fixed', id: 'short', code: 'RULE', promptTraceIds: [] },
      { kind: 'fixed', id: 'constant', code: 'ALWAYS_PASS', promptTraceIds: [] },
    ];
    const report = await crossValidate(candidates, data, { runCandidate: fakeRun });
    expect(report.ranking).toEqual(['short', 'long', 'constant']);
    const errors = report.candidates.find((c) => c.candidateId === 'errors');
    expect(errors?.pooled.counts.errors).toBe(36);
    expect(errors?.pooled.warnings.map((w) => w.code)).toContain('EVAL_ERRORS_EXCLUDED');
  });

  it.skipIf(noPython)(
    'selects the synthesiser (its JS twin) over a weak LLM-style eval run by python3',
    async () => {
      const runCandidate: RunCandidate = async (code, traces) =>
        runPythonEval(code, traces).map((o) => (o.ok ? o.passed : null));
      const weak: Candidate = {
        kind: 'fixed',
        id: 'llm-weak',
        code: 'def eval_weak(trace: dict) -> tuple[bool, str]:\n    return len(trace["messages"]) < 4, "short conversation"\n',
        promptTraceIds: [],
      };
      const report = await crossValidate(
        [weak, synthCandidate('synth', { name: 'no transfer' })],
        dataset(),
        {
          k: 3,
          runCandidate,
        },
      );
      expect(report.winner).toBe('synth');
      const synth = report.candidates.find((c) => c.candidateId === 'synth');
      expect(synth?.summary.mean.accuracy).toBeGreaterThan(0.9);
      expect(synth?.pooled.accuracy?.value).toBeGreaterThan(0.9);
    },
  );
});
