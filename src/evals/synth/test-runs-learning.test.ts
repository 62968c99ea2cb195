import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { int, pick, seededRuns } from './testing/draw';
import { expectLearnedFrom40 } from './testing/expect-learned';
import { makeView, type Turn } from './testing/make-view';
import runWords from './testing/run-words.json';

/**
 * Coding-agent runs as an outside tester's criteria saw them: an agent runs the tests through a
 * test tool of its own (`run_tests`, `runTests`, `pytest` ...) or a shell command, its test
 * runner's summary tells a failing run from a passing one where the start of the output does not
 * read like an error, and test files are named by each language's conventions.
 */
const ASKS = runWords.coding.asks;
const DONE = runWords.coding.done;
const TEST_TOOLS = ['run_tests', 'runTests', 'pytest', 'run_unit_tests', 'test'];
const TEST_COMMANDS = [
  'cd /repo && python -m pytest -q',
  'go test ./...',
  'npx jest src --silent',
  'cargo test --lib',
];
const LOOKS = ['git diff', 'ls -la src', 'grep -rn "def parse" src', 'git status'];
const SOURCES = ['src/parse.py', 'pkg/parse.go', 'src/format.ts', 'lib/pager.rb', 'src/config.rs'];
const PASSING = ['14 passed in 0.9s', 'ok  \tgithub.com/acme/parse\t0.02s', 'Tests: 9 passed'];
const FAILING = [
  '12 passed, 2 failed in 0.8s',
  'collected 9 items\n\nFAILED tests/test_parse.py::test_last_field - assert 2 == 3',
  'Tests: 1 failed, 4 passed, 5 total',
  '=== RUN   TestParse\n--- FAIL: TestParse (0.00s)\nFAIL\tgithub.com/acme/parse',
  'PASS src/b.test.ts\nFAIL src/a.test.ts\n  ● parse › keeps the last field',
  'Ran 5 tests in 0.01s\n\nFAILED (failures=1)',
  '{"passed": 3, "failed": 1}',
];

type Turns = { turns: Turn[]; i: number };

/** A call of a test tool or a shell test command, with a passing or failing summary. */
function testRun(r: () => number, t: Turns, passed: boolean, route: 'any' | 'shell' = 'any') {
  const result = pick(r, passed ? PASSING : FAILING);
  if (route === 'any' && r() < 0.6) {
    t.turns.push({ call: pick(r, TEST_TOOLS), args: { path: 'tests/' }, result });
  } else {
    t.turns.push({ call: 'bash', args: { command: pick(r, TEST_COMMANDS) }, result });
  }
}

const look = (r: () => number, t: Turns) =>
  t.turns.push({ call: 'bash', args: { command: pick(r, LOOKS) }, result: 'ok' });

const edit = (t: Turns, path: string) =>
  t.turns.push({
    call: 'str_replace_editor',
    args: { command: 'str_replace', path },
    result: 'ok',
  });

function start(r: () => number, i: number): Turns {
  return { turns: [{ user: `${pick(r, ASKS)} (ticket ${i})` }], i };
}

const finish = (r: () => number, t: Turns, prefix: string) =>
  makeView([...t.turns, { assistant: pick(r, DONE) }], { task_id: `${prefix}-${t.i}` });

/** 1. A test run after the last edit, by a test tool or a test command; else none, or only before. */
const afterEditRuns = seededRuns((r, i) => {
  const t = start(r, i);
  const ranAfter = r() < 0.5;
  look(r, t);
  if (!ranAfter && r() < 0.6) {
    testRun(r, t, r() < 0.5);
  }
  edit(t, pick(r, SOURCES));
  for (let k = int(r, 0, 2); k > 0; k--) {
    look(r, t);
  }
  if (ranAfter) {
    testRun(r, t, r() < 0.5);
  }
  return { view: finish(r, t, 'after-edit'), ranAfter };
});

/** 2. The last test run's summary passed (shell test commands only, none failing at its start). */
const lastPassedRuns = seededRuns((r, i) => {
  const t = start(r, i);
  edit(t, pick(r, SOURCES));
  const runs = int(r, 1, 3);
  let passed = false;
  for (let k = 0; k < runs; k++) {
    passed = r() < 0.5;
    testRun(r, t, passed, 'shell');
    look(r, t);
  }
  return { view: finish(r, t, 'last-passed'), passed };
});

const TEST_FILES = [
  (m: string) => `tests/test_${m}.py`,
  (m: string) => `pkg/${m}_test.go`,
  (m: string) => `src/${m}.test.ts`,
  (m: string) => `spec/models/${m}_spec.rb`,
  (m: string) => `src/__tests__/${m}.tsx`,
  (m: string) => `app/${m}_test.py`,
  (m: string) => `web/${m}.spec.js`,
];
const MODULES = ['parse', 'pager', 'format', 'config', 'client'];

/** 3. Edited a test file (by any convention); every run reads test files and edits source files. */
const testFileRuns = seededRuns((r, i) => {
  const t = start(r, i);
  const module = pick(r, MODULES);
  t.turns.push({
    call: 'read_file',
    args: { path: pick(r, TEST_FILES)(module) },
    result: 'def t()',
  });
  edit(t, pick(r, SOURCES));
  const editedTest = r() < 0.5;
  if (editedTest) {
    edit(t, pick(r, TEST_FILES)(module));
  }
  if (r() < 0.5) {
    edit(t, pick(r, SOURCES));
  }
  look(r, t);
  return { view: finish(r, t, 'test-file'), editedTest };
});

describe('test runs as prior knowledge (outside tester, coding-agent criteria)', () => {
  it('learns "ran the tests after the last edit" by a test tool or a test command', () => {
    expectLearnedFrom40(afterEditRuns, (x) => x.ranAfter);
    const train = afterEditRuns(1, 40);
    const result = synthesiseEval(train.map((x) => ({ view: x.view, label: x.ranAfter })));
    expect(result.rules.join(' ')).toMatch(/test run \(a test tool or a test command\)/);
  });

  it("learns \"the last test run passed\" from the runner's summary, not the word 'passed'", () => {
    expectLearnedFrom40(lastPassedRuns, (x) => x.passed);
    const train = lastPassedRuns(1, 40);
    const result = synthesiseEval(train.map((x) => ({ view: x.view, label: x.passed })));
    expect(result.rules.join(' ')).not.toMatch(/said '/);
  });

  it('learns "edited a test file" whatever the convention', () => {
    expectLearnedFrom40(testFileRuns, (x) => x.editedTest);
    const train = testFileRuns(1, 40);
    const result = synthesiseEval(train.map((x) => ({ view: x.view, label: x.editedTest })));
    expect(result.rules.join(' ')).toMatch(/names a test file/);
  });
});
