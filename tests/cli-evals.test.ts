import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameFromRules } from '@/evals/generation/default-eval-name';
import { runIofold } from './helpers/run-iofold';

const cwd = mkdtempSync(join(tmpdir(), 'iofold-cli-evals-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const ws = ['--workspace', 'demo'];
let evalId = '';
let evalName = '';

type GenerateAnswer = {
  created: { id: string; name: string } | null;
  outcome: string;
  forced: boolean;
  labelled: number;
  rules: string[];
  candidates: unknown[];
  heldOut: { interval: [number, number]; baselineAccuracy: number } | null;
  abstention: { message: string; best: { rules: string[] } } | null;
};

beforeAll(async () => {
  const reset = await runIofold(['demo', '--reset', '--yes'], { cwd });
  expect(reset.code, reset.stderr).toBe(0);
});

// Each step spawns the CLI, which starts Pyodide children: allow for a cold start on a busy machine.
describe('iofold evals, end to end on the demo workspace', { timeout: 180_000 }, () => {
  // On the demo's 32 labels the synthesised eval clears always saying "pass" held out, the same on
  // any day (its folds follow content, not dates), and its rules name the demo's failures.
  it('generate: a version that clears the majority baseline, its rules naming the demo failures', async () => {
    const ran = await runIofold(['evals', 'generate', ...ws, '--json'], { cwd });
    expect(ran.code, ran.stderr).toBe(0);
    const answer = JSON.parse(ran.stdout) as GenerateAnswer;
    expect(answer.outcome).toBe('created');
    expect(answer.forced).toBe(false);
    expect(answer.abstention).toBeNull();
    expect(answer.heldOut?.interval[0]).toBeGreaterThan(answer.heldOut?.baselineAccuracy ?? 1);
    const rules = answer.rules.join('\n');
    expect(rules).toMatch(/write-like\) .*(without asking|asked a question)/);
    expect(rules).toMatch(/last call failed and was never retried/);
    expect(rules).toMatch(/dollar amount/);
    const body = JSON.parse(ran.stdout) as GenerateAnswer;
    // named after its first rule (#14): not the meaningless eval_quality every eval got before
    evalName = body.created?.name ?? '';
    expect(evalName).toBe(nameFromRules(body.rules, ''));
    expect(evalName).toMatch(/^eval_(failed|write|stated|non_zero)/);
    expect(body.labelled).toBeGreaterThanOrEqual(20);
    expect(body.candidates.length).toBeGreaterThan(0);
    evalId = body.created?.id ?? '';
    expect(ran.stderr).toMatch(/^job job_\w+ \(iofold jobs list; the dashboard's Jobs screen\)\n/);
    expect(ran.stderr).toMatch(/\d+% loading labelled traces/);
    // each stage once, as a progress line (its log line would say the same again)
    expect(ran.stderr).not.toMatch(/^ {2}loading labelled traces/m);
    expect(ran.stderr).toMatch(/\d+% cross-validating/);
  });

  it("generate left a job record, as the dashboard's Generate does", async () => {
    const jobs = await runIofold(['jobs', 'list', ...ws, '--json'], { cwd });
    const list = JSON.parse(jobs.stdout) as {
      data: { type: string; status: string; result: { evalId?: string } | null }[];
    };
    expect(list.data).toContainEqual(
      expect.objectContaining({
        type: 'eval.generate',
        status: 'succeeded',
        result: expect.objectContaining({ evalId }),
      }),
    );
  });

  it('list and show: the version with its held-out kappa and its Python code', async () => {
    const list = await runIofold(['evals', 'list', ...ws], { cwd });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${evalId} +${evalName} v1 +candidate`));
    // by its name as well as its id (#14): the name has one version
    const show = await runIofold(['evals', 'show', evalName, ...ws], { cwd });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`${evalName} v1 (${evalId})`);
    expect(show.stdout).toContain(`def ${evalName}(trace`);
    // its quality is the held-out estimate; its verdicts on its own training labels are not one
    expect(show.stdout).toMatch(
      /^held-out kappa [\d.-]+, accuracy \d+%, F1 [\d.]+: each of 32 labels judged by a version built without it$/m,
    );
    expect(show.stdout).toContain('not run on any trace yet');
  });

  it('activate, run and export', async () => {
    const activate = await runIofold(['evals', 'activate', evalId, ...ws, '--json'], { cwd });
    expect(activate.code, activate.stderr).toBe(0);
    // as in the dashboard, activating runs the version on every trace it has not judged
    const activated = JSON.parse(activate.stdout) as { runJobId: string; notRun: number };
    expect(activated).toMatchObject({ id: evalId, status: 'active' });
    expect(activated.notRun).toBeGreaterThan(60);
    expect(activate.stderr).toContain(`judged ${activated.notRun} traces`);
    const run = await runIofold(['evals', 'run', evalId, ...ws, '--only-labelled', '--json'], {
      cwd,
    });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      total: number;
      passed: number;
      failed: number;
      errors: number;
    };
    expect(summary.total).toBe(32);
    expect(summary.passed + summary.failed + summary.errors).toBe(32);
    const jobs = JSON.parse(
      (await runIofold(['jobs', 'list', ...ws, '--json'], { cwd })).stdout,
    ) as { data: { id: string; type: string; status: string; result: unknown }[] };
    const runs = jobs.data.filter((j) => j.type === 'eval.execute');
    expect(runs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((j) => j.id)).toContain(activated.runJobId);
    expect(runs[0]?.result).toEqual(summary);
    const exported = await runIofold(
      ['evals', 'export', `${evalName}@1`, ...ws, '--out', 'out', '--json'],
      { cwd },
    );
    expect(exported.code).toBe(0);
    const files = (JSON.parse(exported.stdout) as { files: string[] }).files;
    expect(files.some((f) => f.endsWith(`/${evalName}.py`))).toBe(true);
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect(readFileSync(files.find((f) => f.endsWith(`/${evalName}.py`)) ?? '', 'utf8')).toContain(
      `def ${evalName}(`,
    );
  });

  it('answers an unknown eval id or name with exit code 3', async () => {
    const result = await runIofold(['evals', 'show', 'ev_nope', ...ws], { cwd });
    expect(result.code).toBe(3);
    const named = await runIofold(['evals', 'run', 'eval_nope', ...ws], { cwd });
    expect(named.code).toBe(3);
    expect(named.stderr).toContain('no eval named "eval_nope"');
  });
});

/** Imports `n` one-turn booking chats (`trip-0` ...) into a new local database in `dir`, labelled by `labelOf` (null: none). */
async function importTrips(dir: string, n: number, labelOf: (i: number) => string | null) {
  const chats = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `trip-${i}`,
      ...(labelOf(i) === null ? {} : { label: labelOf(i) }),
      messages: [
        { role: 'system', content: 'You are Otto, a travel agent.' },
        { role: 'user', content: `Can I book trip ${i}?` },
        { role: 'assistant', content: `Trip ${i} is booked.` },
      ],
    }),
  );
  writeFileSync(join(dir, 'trips.jsonl'), `${chats.join('\n')}\n`);
  const imported = await runIofold(['import', 'trips.jsonl'], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);
}

describe('iofold evals generate with too few labels', { timeout: 120_000 }, () => {
  it('queues nothing and says what to label, with exit code 7, force or not', async () => {
    const here = mkdtempSync(join(tmpdir(), 'iofold-cli-few-labels-'));
    try {
      await importTrips(here, 10, (i) => (i === 0 ? 'positive' : 'negative'));
      for (const force of [[], ['--force']]) {
        const ran = await runIofold(['evals', 'generate', ...force], { cwd: here });
        expect(ran.code).toBe(7);
        expect(ran.stderr).toBe(
          'error: not enough labels to generate an eval: this agent has 1 good and 9 bad (neutral labels do not count); generation needs at least 8, 2 good and 2 bad: label 1 more good (PRECONDITION_FAILED)\n',
        );
      }
      const jobs = await runIofold(['jobs', 'list', '--json'], { cwd: here });
      const types = (JSON.parse(jobs.stdout) as { data: { type: string }[] }).data.map(
        (j) => j.type,
      );
      expect(types).not.toContain('eval.generate');
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });
});

describe('iofold evals refine', { timeout: 180_000 }, () => {
  // 2 good and 6 bad: enough to generate (forced) and refine; one good made neutral is not
  it('refines a version, and with too few labels queues nothing and exits 7 with what to label', async () => {
    const here = mkdtempSync(join(tmpdir(), 'iofold-cli-refine-'));
    try {
      await importTrips(here, 8, (i) => (i < 2 ? 'positive' : 'negative'));
      const generated = await runIofold(['evals', 'generate', '--force', '--json'], { cwd: here });
      expect(generated.code, generated.stderr).toBe(0);
      const name = (JSON.parse(generated.stdout) as GenerateAnswer).created?.name ?? '';
      const refined = await runIofold(['evals', 'refine', name, '--json'], { cwd: here });
      expect(refined.code, refined.stderr).toBe(0);
      expect(JSON.parse(refined.stdout)).toMatchObject({ contradictions: expect.any(Number) });
      const good = await runIofold(['traces', 'list', '--label', 'good', '--json'], { cwd: here });
      const [first] = (JSON.parse(good.stdout) as { data: { id: string }[] }).data;
      const relabelled = await runIofold(['label', first?.id ?? '', 'neutral'], { cwd: here });
      expect(relabelled.code, relabelled.stderr).toBe(0);
      const refused = await runIofold(['evals', 'refine', name], { cwd: here });
      expect(refused.code).toBe(7);
      expect(refused.stderr).toBe(
        'error: not enough labels to refine an eval: this agent has 1 good and 6 bad (neutral labels do not count); refinement needs at least 8, 2 good and 2 bad: label 1 more good (PRECONDITION_FAILED)\n',
      );
      const jobs = await runIofold(['jobs', 'list', '--json'], { cwd: here });
      const types = (JSON.parse(jobs.stdout) as { data: { type: string }[] }).data.map(
        (j) => j.type,
      );
      expect(types.filter((t) => t === 'eval.refine')).toHaveLength(1);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });
});

describe('iofold evals generate when nothing beats the majority', { timeout: 180_000 }, () => {
  // Labels that no fact of these chats explains (good and bad alternate over the same words):
  // no version, and the answer names unlabelled traces of this agent to label next.
  it('creates nothing and lists unlabelled traces to label next', async () => {
    const here = mkdtempSync(join(tmpdir(), 'iofold-cli-abstain-'));
    try {
      await importTrips(here, 20, (i) => (i >= 12 ? null : i % 2 === 0 ? 'positive' : 'negative'));
      const ran = await runIofold(['evals', 'generate', '--json'], { cwd: here });
      expect(ran.code, ran.stderr).toBe(0);
      const answer = JSON.parse(ran.stdout) as GenerateAnswer & {
        abstention: { suggested: { traceId: string; externalId: string | null }[] } | null;
      };
      expect(answer.outcome).toBe('abstained');
      expect(answer.created).toBeNull();
      const suggested = answer.abstention?.suggested ?? [];
      expect(suggested.length).toBeGreaterThan(0);
      expect(suggested.length).toBeLessThanOrEqual(8);
      // only the unlabelled chats (trip-12 to trip-19), each once
      for (const s of suggested) {
        expect(Number(s.externalId?.replace('trip-', ''))).toBeGreaterThanOrEqual(12);
      }
      expect(new Set(suggested.map((s) => s.traceId)).size).toBe(suggested.length);
      const shown = await runIofold(['evals', 'generate'], { cwd: here });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('Unlabelled traces to label next:');
      expect(shown.stdout).toContain(suggested[0]?.traceId ?? 'none');
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });
});
