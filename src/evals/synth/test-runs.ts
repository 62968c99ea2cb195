import { parseResultObject } from './trace-facts';

// Mirrored by `_test_tool`, `_reports_failing_tests` and `_test_file` in python-test-run-helpers.ts;
// change both together (parity test).

/**
 * Prior knowledge of running tests, beside the test commands of command-kinds.ts: agents run the
 * tests through a tool of their own as often as through a shell (`run_tests`, `runTests`,
 * `pytest`), a runner's summary says whether the run passed where its start does not read like an
 * error, and test files are named by conventions shared across languages.
 */

/** Words that name the tests or a test runner in a tool's name. */
export const TEST_WORDS = [
  'test',
  'tests',
  'pytest',
  'unittest',
  'jest',
  'vitest',
  'mocha',
  'rspec',
  'phpunit',
  'ctest',
  'nextest',
];
/** Words a test tool's name may hold beside them: what it does (run) and which tests (unit). */
export const COMPANION_WORDS = [
  'run',
  'runs',
  'execute',
  'exec',
  'runner',
  'all',
  'unit',
  'integration',
  'e2e',
  'suite',
];

/**
 * The tool, by its name, runs the tests: its words (split at `_`, `-`, `.`, spaces and lower-to-
 * upper case changes, lower-cased) hold `test`, `tests` or a runner's name (`pytest`, `jest` ...)
 * and nothing but what running them says (`run`, `execute`, `all`, `unit`, `integration`,
 * `suite` ...): `run_tests`, `runTests`, `pytest`, `test`, `run_unit_tests`, `execute_test_suite`;
 * not `test_connection`, `list_tests`, `write_test`, `attest` or `contest`.
 */
export function testTool(name: string): boolean {
  const words = nameWords(name);
  return (
    words.some((w) => TEST_WORDS.includes(w)) &&
    words.every((w) => TEST_WORDS.includes(w) || COMPANION_WORDS.includes(w))
  );
}

/** A tool name's words, lower-cased: `runUnitTests` and `run-unit_tests` are run, unit, tests. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_. ]+/)
    .filter((w) => w !== '');
}

/**
 * A test runner's summary reporting failing tests: a count of failures above zero (`2 failed`,
 * `1 failing`, `3 failures`, `1 error`, `failures=1`, `Failed: 2`), a line opening with the
 * runner's verdict (`FAILED tests/test_x.py::test_y`, `FAILED (failures=1)`, `--- FAIL:
 * TestParse`, `FAIL src/a.test.ts`, `FAILURES!`), cargo's `test result: FAILED`. `0 failed` and
 * `12 passed` say no such thing.
 */
const FAILING_SUMMARY =
  /\b[1-9][0-9]* (?:failed|failing|failures?|errors?)\b|\b(?:failed|failures|errors)[ \t]*[=:][ \t]*[1-9]|(?:^|\n)[ \t]*(?:FAILED|FAIL|FAILURES!|--- FAIL:)(?=[ \t:(]|\r?\n|$)|test result: FAILED/i;

/** A field of a JSON result counting failing tests (`failed`, `failures`, `num_failed`, `failedTests`). */
const FAIL_FIELD = /fail/i;

/**
 * The result of a test run reports failing tests: its text (each top-level string of a JSON
 * result: stdout, stderr, output) holds a failing summary (FAILING_SUMMARY), or a JSON result
 * has a field counting failures above zero (`{"passed": 3, "failed": 1}`) or set true.
 */
export function reportsFailingTests(result: string): boolean {
  const object = parseResultObject(result);
  if (object === null) {
    return FAILING_SUMMARY.test(result);
  }
  return Object.entries(object).some(([key, value]) =>
    typeof value === 'string'
      ? FAILING_SUMMARY.test(value)
      : FAIL_FIELD.test(key) && (value === true || (typeof value === 'number' && value > 0)),
  );
}

export const TEST_DIRS = ['test', 'tests', '__tests__'];
/**
 * A test file's name: `test_*.py`, `*_test.py`, `*_test.go`, `*.test.ts` (js, tsx, jsx, mjs ...),
 * `*.spec.*`, `*_spec.rb`, `*Test.java` (`Tests`, Kotlin, C#, Scala).
 */
export const TEST_NAME =
  /^test_.+\.py$|_test\.(?:py|go)$|\.(?:test|spec)\.[a-z]+$|_spec\.rb$|[a-z0-9](?:Test|Tests)\.(?:java|kt|cs|scala)$/;

/**
 * A path names a test file by the common conventions: under a `test/`, `tests/` or `__tests__/`
 * directory, or named as one (TEST_NAME): `tests/conftest.py`, `src/a.test.ts`,
 * `pkg/parse_test.go`, `spec/models/user_spec.rb`, `src/FooTest.java`.
 */
export function testFile(path: string): boolean {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const base = parts.pop() ?? '';
  return parts.some((d) => TEST_DIRS.includes(d)) || TEST_NAME.test(base);
}
