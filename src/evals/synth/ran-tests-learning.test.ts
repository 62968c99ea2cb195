import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { int, pick, seededRuns } from './testing/draw';
import { expectLearnedFrom40 } from './testing/expect-learned';
import { makeView, type Turn } from './testing/make-view';
import runWords from './testing/run-words.json';

/**
 * Long coding-agent runs as an outside tester's were: every command goes through one `bash` tool,
 * most of them after `cd` into the repository, so the test run is the second command of a chained
 * line (`cd /repo && python -m pytest -q`). A test run's output says 'failed' when a test failed;
 * a run without tests runs a reproduction script, whose output says 'failed' less often. The
 * property is "ran the tests": a fact about which command was run, not about a word in the output.
 */
type ShellRun = { view: ReturnType<typeof makeView>; ranTests: boolean };

const REPOS = ['/repo', '/testbed', '/workspace/app', '~/src/service'];
const TEST_COMMANDS = [
  (d: string) => `cd ${d} && python -m pytest tests/ -q`,
  (d: string) => `cd ${d} && pytest -x tests/test_models.py`,
  (d: string) => `cd ${d}; go test ./...`,
  (d: string) => `cd ${d} && npx jest src --silent`,
  (d: string) => `source ${d}/.venv/bin/activate && pytest`,
  (d: string) => `cd ${d} && cargo test --lib`,
];
const OTHER_COMMANDS = [
  (d: string) => `cd ${d} && python reproduce.py`,
  (d: string) => `cd ${d} && grep -rn "def parse" src`,
  (d: string) => `cd ${d} && git diff`,
  (d: string) => `cd ${d} && ls -la src`,
];
const ASKS = runWords.coding.asks;

function run(r: () => number, i: number): ShellRun {
  const dir = pick(r, REPOS);
  const ranTests = r() < 0.55;
  const turns: Turn[] = [{ user: `${pick(r, ASKS)} (ticket ${i})` }];
  const bash = (command: string, output: string) =>
    turns.push({ call: 'bash', args: { command }, result: output });
  bash(pick(r, OTHER_COMMANDS)(dir), r() < 0.2 ? 'assertion failed: expected 3 fields' : 'ok');
  turns.push({ call: 'str_replace_editor', args: { path: `src/mod_${i % 9}.py` }, result: 'ok' });
  for (let k = int(r, 0, 2); k > 0; k--) {
    bash(pick(r, OTHER_COMMANDS)(dir), 'ok');
  }
  if (ranTests) {
    const failed = r() < 0.7;
    bash(
      pick(r, TEST_COMMANDS)(dir),
      failed ? `${int(r, 1, 3)} failed, ${int(r, 4, 40)} passed` : `${int(r, 4, 40)} passed`,
    );
  }
  turns.push({ assistant: pick(r, runWords.coding.done) });
  return { view: makeView(turns, { task_id: `shell-${i}` }), ranTests };
}

const shellRuns = seededRuns(run);

describe('"ran the tests" from commands chained after cd (outside tester, defect 1)', () => {
  it('learns the test command, not a word of the test output', () => {
    expectLearnedFrom40(shellRuns, (x) => x.ranTests);
    for (const seed of [1, 2, 3]) {
      const train = shellRuns(seed, 40);
      const result = synthesiseEval(train.map((x) => ({ view: x.view, label: x.ranTests })));
      const text = result.rules.join(' ');
      expect(text, `seed ${seed}`).toMatch(
        /runs the tests|test run \(a test tool or a test command\)/,
      );
      expect(text, `seed ${seed}`).not.toMatch(/said '/);
    }
  });
});

/**
 * The same runs' command forms: "installed a package" is a command (`pip install`, `npm install`,
 * `go get`) run after `cd`; the first words of such a line are `cd` and its directory, so the
 * form has to be read past them.
 */
const INSTALLS = [
  (d: string, p: string) => `cd ${d} && pip install ${p}`,
  (d: string, p: string) => `cd ${d}; pip install --upgrade ${p}`,
];
const LOOKS = [
  (d: string, p: string) => `cd ${d} && pip show ${p}`,
  (d: string, _p: string) => `cd ${d} && pip list`,
  (d: string, p: string) => `cd ${d}; pip download ${p}`,
];
const PACKAGES = ['requests', 'numpy', 'pydantic', 'rich', 'httpx', 'attrs'];
const OUTPUTS = [
  'done',
  'ok',
  'Name: pkg\nVersion: 1.2',
  'Saved ./pkg.whl',
  'Successfully installed pkg',
];

function installRun(r: () => number, i: number) {
  const dir = pick(r, REPOS);
  const installed = r() < 0.5;
  const turns: Turn[] = [{ user: `${pick(r, ASKS)} (ticket ${i})` }];
  for (let k = int(r, 1, 3); k > 0; k--) {
    turns.push({
      call: 'bash',
      args: { command: pick(r, LOOKS)(dir, pick(r, PACKAGES)) },
      result: pick(r, OUTPUTS),
    });
  }
  if (installed) {
    turns.push({
      call: 'bash',
      args: { command: pick(r, INSTALLS)(dir, pick(r, PACKAGES)) },
      result: pick(r, OUTPUTS),
    });
  }
  turns.push({ assistant: pick(r, ['Done.', 'I made the change.']) });
  return { view: makeView(turns, { task_id: `install-${i}` }), installed };
}

const installRuns = seededRuns(installRun);

describe('a command form read past the cd before it', () => {
  it('learns "pip install" run after cd', () => {
    expectLearnedFrom40(installRuns, (x) => x.installed);
    const train = installRuns(1, 40);
    const result = synthesiseEval(train.map((x) => ({ view: x.view, label: x.installed })));
    expect(result.rules.join(' ')).toMatch(/starts with "pip install"/);
  });
});
