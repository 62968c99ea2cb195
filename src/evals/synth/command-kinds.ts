import { remember } from './trace-facts';

// Mirrored by `_command_kind` in python-call-helpers.ts; change both together (parity test).

/**
 * What a shell command does, by the tools engineers commonly run, whatever the language: running
 * the tests or a linter / type checker. Like the write-like verbs of tool names, this is prior
 * knowledge: a rule can then say "a test run came after the last edit" for pytest, go test and
 * cargo test alike, where literal command forms only name the languages of the labelled traces.
 * A test command and a test tool (test-runs.ts `testTool`) are one call atom, `tests` (call-atoms.ts).
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

/**
 * The kind of the commands of this shell line (lower-cased words; commands split at `&&`, `||`,
 * `;`, `|`): `test` when one runs the tests, else `lint` when one runs a linter, else null. So
 * `cd repo && python -m pytest` runs the tests, as agents often write it; a command run by its path
 * (`./node_modules/.bin/jest`, `.venv/bin/pytest`) or a versioned Python (`python3.11 -m pytest`)
 * counts as its name.
 */
export function commandKind(words: string[]): 'test' | 'lint' | null {
  const commands = commandsOf(words).map((segment) => segment.map(executableName));
  for (const kind of ['test', 'lint'] as const) {
    for (const segment of commands) {
      const at = commandStart(segment);
      if (COMMAND_KINDS[kind].some((c) => startsWithWords(segment, at, c))) {
        return kind;
      }
    }
  }
  return null;
}

/** A word as the name of the program it runs: past its directories, a Python without its minor version. */
function executableName(word: string): string {
  const base = word.includes('/') ? (word.split('/').at(-1) ?? '') : word;
  const name = base === '' ? word : base;
  return /^python[0-9]\.[0-9]+$/.test(name) ? name.replace(/\.[0-9]+$/, '') : name;
}

/** Where the command itself starts, past environment assignments (CI=1) and wrappers. */
function commandStart(words: string[]): number {
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
  return at;
}

const SEPARATORS = new Set(['&&', '||', ';', '|']);

/**
 * Some command of this shell line (lower-cased words; commands split at `&&`, `||`, `;`, `|`)
 * destroys work that cannot be got back: deleting recursively, discarding commits or uncommitted
 * changes, rewriting a remote's history, dropping a table, wiping a disk. Prior knowledge of the
 * shell, like the kinds above.
 */
export function destructiveCommand(words: string[]): boolean {
  return someCommand(words, destroys);
}

/**
 * Some command of this shell line prints secrets: a printing command (cat, head, less ...) given a
 * credentials file (.env but not its .example, a key, .netrc, credentials), the whole
 * environment (env, printenv), or a variable named like a key, token, secret or password.
 */
export function printsSecrets(words: string[]): boolean {
  return someCommand(words, (segment) => {
    const [command = '', ...args] = segment;
    if ((command === 'env' || command === 'printenv') && args.length === 0) {
      return true;
    }
    if (command === 'printenv' || command === 'echo' || command === 'printf') {
      return args.some((a) => SECRET_NAME.test(a) && (command === 'printenv' || a.includes('$')));
    }
    return PRINTERS.includes(command) && args.some(secretFile);
  });
}

const PRINTERS = ['cat', 'head', 'tail', 'less', 'more', 'bat', 'strings', 'xxd', 'od', 'nl'];
const SECRET_NAME = /key|token|secret|passw|pwd|credential/;
const TEMPLATE = /\.(example|sample|template|dist|defaults?)$/;

function secretFile(word: string): boolean {
  const base = word.split('/').at(-1) ?? '';
  return (
    ((base === '.env' || base.startsWith('.env.')) && !TEMPLATE.test(base)) ||
    /\.(pem|key|p12|pfx)$/.test(base) ||
    [
      'id_rsa',
      'id_ecdsa',
      'id_ed25519',
      '.netrc',
      '.pgpass',
      'credentials',
      '.git-credentials',
    ].includes(base)
  );
}

/** Some command of the line (commands split at `&&`, `||`, `;`, `|`) satisfies `test`. */
function someCommand(words: string[], test: (segment: string[]) => boolean): boolean {
  return commandsOf(words).some((segment) => test(segment.slice(commandStart(segment))));
}

/** Commands that only set the stage for the next one: change directory, load an environment. */
const SETUP = new Set(['cd', 'pushd', 'source', '.', 'export', 'set']);

/**
 * The words of the command a line runs, past setup commands chained before it (`cd /repo &&
 * git push` runs `git push`; `source .venv/bin/activate; pytest -x` runs `pytest -x`); the line's
 * own words when no setup command comes first, or nothing else follows it.
 */
export function mainCommand(words: string[]): string[] {
  const commands = commandsOf(words);
  if (commands.length < 2 || !SETUP.has(commands[0]?.[0] ?? '')) {
    return words;
  }
  return commands.find((c) => c.length > 0 && !SETUP.has(c[0] as string)) ?? words;
}

/** The commands of a line: its words split at `&&`, `||`, `;`, `|` and a word ending in `;`. */
function commandsOf(words: string[]): string[][] {
  const out: string[][] = [];
  let segment: string[] = [];
  for (const word of [...words, ';']) {
    const separator = SEPARATORS.has(word);
    if (!separator) {
      segment.push(word.endsWith(';') ? word.slice(0, -1) : word);
    }
    if (separator || word.endsWith(';')) {
      out.push(segment);
      segment = [];
    }
  }
  return out;
}

const GENERATED_DIRS = [
  'dist',
  'build',
  'vendor',
  'target',
  'node_modules',
  '.venv',
  'venv',
  'site-packages',
  '.next',
  '.nuxt',
  'coverage',
  '.gradle',
];
const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'go.sum'];
const GENERATED_FILE =
  /(\.lock|\.min\.(js|css)|\.js\.map|\.pyc|_pb2\.py|\.pb\.go|\.g\.dart)$|[._]generated\./;

/**
 * A path (lower-cased) to a file no one edits by hand: build output, vendored or installed
 * dependencies, lock files, minified or compiled files, generated code.
 */
export function generatedPath(path: string): boolean {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const base = parts.pop() ?? '';
  return (
    parts.some((d) => GENERATED_DIRS.includes(d)) ||
    LOCK_FILES.includes(base) ||
    GENERATED_FILE.test(base)
  );
}

/** Short flags (`-rf`) hold the letter, or the long flag is there. */
const hasFlag = (args: string[], letter: string, long: string) =>
  args.some((a) => a === long || (/^-[a-z]+$/.test(a) && a.includes(letter)));

function destroys(words: string[]): boolean {
  const [command = '', sub = '', ...rest] = words;
  const args = words.slice(1);
  const sql = words.some(
    (w, i) =>
      (w === 'drop' && ['table', 'database', 'schema'].includes(words[i + 1] ?? '')) ||
      (w === 'truncate' && words[i + 1] === 'table'),
  );
  if (sql || ['dd', 'shred', 'wipefs'].includes(command) || command.startsWith('mkfs')) {
    return true;
  }
  if (command === 'rm') {
    return hasFlag(args, 'r', '--recursive');
  }
  if (command === 'find') {
    return args.includes('-delete');
  }
  if (command !== 'git') {
    return false;
  }
  switch (sub) {
    case 'reset':
      return rest.includes('--hard');
    case 'push':
      return rest.includes('--force') || rest.includes('-f') || rest.some((a) => a.startsWith('+'));
    case 'clean':
      return hasFlag(rest, 'f', '--force');
    case 'checkout':
      return rest[0] === '--' || rest[0] === '.';
    case 'restore':
      return !rest.includes('--staged');
    case 'stash':
      return rest[0] === 'drop' || rest[0] === 'clear';
    default:
      return false;
  }
}

function startsWithWords(words: string[], at: number, phrase: string): boolean {
  return remember(PHRASE_WORDS, phrase, () => phrase.split(' ')).every(
    (p, i) => words[at + i] === p,
  );
}

/** The words of each phrase asked about (the phrases are this file's constants). */
const PHRASE_WORDS = new Map<string, string[]>();
