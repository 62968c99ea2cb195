// Mirrored by `_command_kind` in python-call-helpers.ts; change both together (parity test).

/**
 * What a shell command does, by the tools engineers commonly run, whatever the language: running
 * the tests or a linter / type checker. Like the write-like verbs of tool names, this is prior
 * knowledge: a rule can then say "a test run came after the last edit" for pytest, go test and
 * cargo test alike, where literal command forms only name the languages of the labelled traces.
 */
export const COMMAND_KINDS: Record<'test' | 'lint', string[]> = {
  test: [
    'pytest',
    'py.test',
    'tox',
    'nox',
    'unittest',
    'jest',
    'vitest',
    'mocha',
    'ava',
    'karma',
    'playwright test',
    'cypress run',
    'rspec',
    'phpunit',
    'ctest',
    'go test',
    'cargo test',
    'cargo nextest',
    'npm test',
    'npm t',
    'npm run test',
    'yarn test',
    'pnpm test',
    'pnpm run test',
    'bun test',
    'deno test',
    'dotnet test',
    'mvn test',
    'gradle test',
    './gradlew test',
    'make test',
    'make check',
    'mix test',
    'swift test',
    'rake test',
  ],
  lint: [
    'ruff',
    'mypy',
    'flake8',
    'pylint',
    'pyright',
    'pyflakes',
    'bandit',
    'eslint',
    'biome',
    'tsc',
    'tslint',
    'stylelint',
    'oxlint',
    'go vet',
    'golangci-lint',
    'staticcheck',
    'golint',
    'cargo clippy',
    'cargo check',
    'cargo fmt',
    'rubocop',
    'shellcheck',
    'hadolint',
    'npm run lint',
    'yarn lint',
    'pnpm lint',
    'pnpm run lint',
    'make lint',
  ],
};

/** Words that run the next command: `npx vitest`, `python -m pytest`, `uv run ruff`. */
const WRAPPERS = [
  'npx',
  'pnpx',
  'bunx',
  'uv run',
  'uvx',
  'poetry run',
  'pipenv run',
  'hatch run',
  'python -m',
  'python3 -m',
  'bundle exec',
  'time',
  'sudo',
];

/** The kind of the command these words start (lower-cased words of a string argument), or null. */
export function commandKind(words: string[]): 'test' | 'lint' | null {
  let at = 0;
  // environment assignments (CI=1) and wrappers come before the command itself
  for (let guard = 0; guard < 4; guard++) {
    const w = words[at] ?? '';
    const wrapper = WRAPPERS.find((x) => startsWithWords(words, at, x));
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      at++;
    } else if (wrapper !== undefined) {
      at += wrapper.split(' ').length;
    } else {
      break;
    }
  }
  for (const kind of ['test', 'lint'] as const) {
    if (COMMAND_KINDS[kind].some((c) => startsWithWords(words, at, c))) {
      return kind;
    }
  }
  return null;
}

function startsWithWords(words: string[], at: number, phrase: string): boolean {
  return phrase.split(' ').every((p, i) => words[at + i] === p);
}
