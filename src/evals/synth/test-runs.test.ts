import { describe, expect, it } from 'vitest';
import { callAtoms } from './call-atoms';
import { describeClass } from './call-classes';
import { pythonHelpers } from './python-helpers';
import { reportsFailingTests, testFile, testTool } from './test-runs';
import { expectJudged } from './testing/expect-judged';
import { makeView } from './testing/make-view';
import { pythonUnavailableReason, runPythonEval } from './testing/run-python.node';
import type { CallFact } from './trace-facts';

const TEST_TOOLS = [
  'run_tests',
  'runTests',
  'pytest',
  'test',
  'tests',
  'run_unit_tests',
  'RunAllTests',
  'execute-test-suite',
  'run_pytest',
  'jest',
  'test_runner',
];
const OTHER_TOOLS = [
  'test_connection',
  'attest',
  'contest',
  'list_tests',
  'write_test',
  'get_test_results',
  'testEmail',
  'latest',
  'run_shell',
  'bash',
  'protest_vote',
];

const FAILING = [
  '12 passed, 2 failed in 0.8s',
  'FAILED tests/test_x.py::test_y - AssertionError',
  'Tests: 1 failed, 4 passed, 5 total',
  '=== RUN   TestParse\n--- FAIL: TestParse (0.00s)\nFAIL\nexit status 1',
  'FAIL src/a.test.ts\n  ● parse › keeps the last field',
  'Ran 5 tests in 0.01s\n\nFAILED (failures=1)',
  '{"passed": 3, "failed": 1}',
  '{"stdout": "collected 4 items\\n\\nFAILED tests/test_a.py::test_b", "exit_code": 0}',
  'test result: FAILED. 3 passed; 1 failed',
  '  2 passing (12ms)\n  1 failing',
  '5 examples, 1 failure',
  'Failed!  - Failed:     1, Passed:     4',
  '1 passed, 1 error in 0.3s',
  '{"summary": "2 failed, 8 passed"}',
  '{"num_failed_tests": 2}',
];
const PASSING = [
  '12 passed in 0.8s',
  '0 failed, 12 passed',
  'ok  \tgithub.com/x/parse\t0.01s',
  'Ran 5 tests in 0.01s\n\nOK',
  'test result: ok. 4 passed; 0 failed',
  '{"passed": 3, "failed": 0}',
  'Tests: 5 passed, 5 total',
  '12 passed, 1 xfailed',
  'PASS src/a.test.ts',
  'all tests failed to be slow today: 3 passed',
];

const TEST_FILES = [
  'tests/test_app.py',
  'tests/conftest.py',
  'test/helpers.js',
  'src/__tests__/parse.ts',
  'pkg/test_models.py',
  'app/models_test.py',
  'pkg/parse_test.go',
  'src/a.test.ts',
  'web/App.test.tsx',
  'src/util.spec.js',
  'spec/models/user_spec.rb',
  'src/main/java/com/x/ParserTest.java',
  './tests/unit/a.py',
];
const OTHER_FILES = [
  'src/app.py',
  'src/testing.py',
  'lib/latest.py',
  'src/contest/entry.go',
  'docs/tests.md',
  'test_data.csv',
  'src/attest.ts',
  'src/Test.java',
  'testdata/input.txt',
  'tests',
];

describe('test runs as prior knowledge', () => {
  it.each<[string, (input: string) => boolean, string[], string[]]>([
    ['a tool runs the tests by the words of its name', testTool, TEST_TOOLS, OTHER_TOOLS],
    ['a test runner summary reports failing tests', reportsFailingTests, FAILING, PASSING],
    ['a path names a test file by the common conventions', testFile, TEST_FILES, OTHER_FILES],
  ])('%s', (_, judge, yes, no) => {
    expectJudged(judge, yes, no);
  });

  const call = (name: string, args: unknown, result: string): CallFact => ({
    name,
    args,
    result,
    error: '',
  });

  it('makes a test tool and a test command one class, and fails only its failing runs', () => {
    expect(callAtoms(call('run_tests', {}, '3 passed'))).toContain('tests');
    expect(callAtoms(call('bash', { command: 'cd /repo && pytest -q' }, '3 passed'))).toContain(
      'tests',
    );
    expect(callAtoms(call('runTests', { path: 'tests/' }, '1 failed, 2 passed'))).toContain(
      'tests:failed',
    );
    // prose that reads like a failing summary, from a call that runs no tests
    const look = callAtoms(call('bash', { command: 'cat notes.txt' }, '2 failed, 3 passed'));
    expect([...look].filter((a) => a.startsWith('tests'))).toEqual([]);
    expect(callAtoms(call('edit_file', { path: 'pkg/parse_test.go' }, 'ok'))).toContain(
      'path@test-file',
    );
  });

  it('says the class in words: a test run by either route', () => {
    expect(describeClass({ tool: '', atom: 'tests' })).toBe(
      'a test run (a test tool or a test command)',
    );
    expect(describeClass({ tool: 'bash', atom: 'tests' })).toBe(
      "a 'bash' call that runs the tests",
    );
    expect(describeClass({ tool: 'edit_file', atom: 'path@test-file' })).toBe(
      "an 'edit_file' call whose path names a test file",
    );
  });
});

const noPython = pythonUnavailableReason();

describe('test runs in the emitted Python', () => {
  it.skipIf(noPython)('judges every case as the JS does', () => {
    const cases = {
      tools: [...TEST_TOOLS, ...OTHER_TOOLS],
      results: [...FAILING, ...PASSING, 'FAIL', 'fail\r\n', '{"failed": true}', '{"x": NaN}'],
      paths: [...TEST_FILES, ...OTHER_FILES],
    };
    const probe = `import json\nimport re\n\n${pythonHelpers(['_test_tool'])}\n\n\nCASES = json.loads(${JSON.stringify(JSON.stringify(cases))})\n\n\ndef eval_cases(trace):\n    return True, json.dumps([[_test_tool(n) for n in CASES["tools"]], [_reports_failing_tests({"result": r}) for r in CASES["results"]], [_test_file(p) for p in CASES["paths"]]])\n`;
    const [outcome] = runPythonEval(probe, [makeView([{ user: 'go' }])], 'eval_cases');
    expect(outcome?.ok ? JSON.parse(outcome.reason) : outcome).toEqual([
      cases.tools.map(testTool),
      cases.results.map(reportsFailingTests),
      cases.paths.map(testFile),
    ]);
  });
});
