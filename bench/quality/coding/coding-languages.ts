// The four kinds of repository the generated coding agent works in: paths, commands, code shapes.
export type LanguageName = 'python' | 'typescript' | 'go' | 'rust';

export type Language = {
  name: LanguageName;
  sourcePath(pkg: string, module: string): string;
  testPath(pkg: string, module: string): string;
  /** Ways to run the tests: the module's tests first, then the whole suite. */
  testCommands(pkg: string, module: string): string[];
  /** Build commands: they look like test commands and are not. */
  buildCommands: string[];
  lintCommands: string[];
  installCommand(dependency: string): string;
  dependencies: string[];
  /** A function definition with one body line. */
  fn(name: string, body: string): string;
  debugLine(expression: string): string;
  /** Files a person never edits by hand in this kind of repository. */
  generatedPaths: string[];
  failure(testFile: string, testName: string): string;
  success(count: number): string;
};

const snake = (s: string) => s.replaceAll('-', '_');
const camel = (s: string) => s.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());

export const LANGUAGES: Language[] = [
  {
    name: 'python',
    sourcePath: (pkg, m) => `src/${snake(pkg)}/${snake(m)}.py`,
    testPath: (_pkg, m) => `tests/test_${snake(m)}.py`,
    testCommands: (_pkg, m) => [
      `pytest -q tests/test_${snake(m)}.py`,
      `python -m pytest tests/test_${snake(m)}.py -x`,
      `pytest -k ${snake(m)}`,
      'pytest',
      'python -m pytest -q',
    ],
    buildCommands: ['python -m build', 'pip install -e .', 'python -m compileall src'],
    lintCommands: ['ruff check .', 'mypy src', 'flake8 src'],
    installCommand: (d) => `pip install ${d}`,
    dependencies: ['requests', 'pydantic', 'python-dateutil', 'rich', 'tenacity', 'orjson'],
    fn: (name, body) => `def ${snake(name)}(value):\n    ${body}\n`,
    debugLine: (e) => `print("DEBUG", ${e})`,
    generatedPaths: [
      'poetry.lock',
      'build/lib/app.py',
      '.venv/lib/site.py',
      'src/app.egg-info/PKG-INFO',
    ],
    failure: (file, test) =>
      `F.\n=== FAILURES ===\n___ ${test} ___\nAssertionError: assert 3 == 4\nFAILED ${file}::${test}\n1 failed, 11 passed in 0.42s`,
    success: (n) => `${'.'.repeat(n)}\n${n} passed in 0.3${n % 10}s`,
  },
  {
    name: 'typescript',
    sourcePath: (_pkg, m) => `src/${m}.ts`,
    testPath: (_pkg, m) => `src/${m}.test.ts`,
    testCommands: (_pkg, m) => [
      `npx vitest run src/${m}.test.ts`,
      `npm test -- ${m}`,
      `npx jest src/${m}.test.ts`,
      'npm test',
      'npx vitest run',
    ],
    buildCommands: ['npm run build', 'npx tsc -p tsconfig.build.json', 'npm run bundle'],
    lintCommands: ['npx eslint src', 'npx tsc --noEmit', 'npx biome check src'],
    installCommand: (d) => `npm install ${d}`,
    dependencies: ['zod', 'date-fns', 'lodash', 'p-retry', 'nanoid', 'ky'],
    fn: (name, body) => `export function ${camel(name)}(value: string) {\n  ${body}\n}\n`,
    debugLine: (e) => `console.log('debug', ${e});`,
    generatedPaths: [
      'package-lock.json',
      'dist/index.js',
      'node_modules/zod/lib/index.js',
      'coverage/lcov.info',
    ],
    failure: (file, test) =>
      ` FAIL  ${file} > ${test}\nAssertionError: expected 3 to be 4\n Test Files  1 failed (1)\n      Tests  1 failed | 9 passed (10)`,
    success: (n) => ` ✓ all files\n Test Files  1 passed (1)\n      Tests  ${n} passed (${n})`,
  },
  {
    name: 'go',
    sourcePath: (pkg, m) => `internal/${pkg}/${snake(m)}.go`,
    testPath: (pkg, m) => `internal/${pkg}/${snake(m)}_test.go`,
    testCommands: (pkg, m) => [
      `go test ./internal/${pkg}/...`,
      `go test -run Test${camel(`_${m}`)} ./internal/${pkg}`,
      `go test -v ./internal/${pkg}`,
      'go test ./...',
      'go test -race ./...',
    ],
    buildCommands: ['go build ./...', 'go build -o bin/app ./cmd/app', 'go mod tidy'],
    lintCommands: ['go vet ./...', 'golangci-lint run', 'staticcheck ./...'],
    installCommand: (d) => `go get ${d}`,
    dependencies: ['github.com/google/uuid', 'golang.org/x/sync', 'github.com/stretchr/testify'],
    fn: (name, body) => `func ${camel(`_${name}`)}(value string) string {\n\t${body}\n}\n`,
    debugLine: (e) => `fmt.Println("DEBUG", ${e})`,
    generatedPaths: [
      'go.sum',
      'vendor/github.com/google/uuid/uuid.go',
      'bin/app',
      'internal/gen/api.pb.go',
    ],
    failure: (file, test) =>
      `--- FAIL: ${test} (0.00s)\n    ${file.split('/').at(-1)}:31: got 3, want 4\nFAIL\nexit status 1`,
    success: (n) => `ok  \tapp/internal\t0.0${n}s`,
  },
  {
    name: 'rust',
    sourcePath: (_pkg, m) => `src/${snake(m)}.rs`,
    testPath: (_pkg, m) => `tests/${snake(m)}.rs`,
    testCommands: (_pkg, m) => [
      `cargo test ${snake(m)}`,
      `cargo test --test ${snake(m)}`,
      `cargo test -q ${snake(m)}`,
      'cargo test',
      'cargo test --all',
    ],
    buildCommands: ['cargo build', 'cargo build --release', 'cargo check'],
    lintCommands: [
      'cargo clippy -- -D warnings',
      'cargo fmt --check',
      'cargo clippy --all-targets',
    ],
    installCommand: (d) => `cargo add ${d}`,
    dependencies: ['serde', 'anyhow', 'regex', 'chrono', 'thiserror', 'itertools'],
    fn: (name, body) => `pub fn ${snake(name)}(value: &str) -> String {\n    ${body}\n}\n`,
    debugLine: (e) => `dbg!(${e});`,
    generatedPaths: ['Cargo.lock', 'target/debug/app', 'target/release/build/out.rs'],
    failure: (file, test) =>
      `running 8 tests\ntest ${test} ... FAILED\nthread '${test}' panicked at ${file}:27:5:\nassertion failed: left == right\ntest result: FAILED. 7 passed; 1 failed`,
    success: (n) => `running ${n} tests\ntest result: ok. ${n} passed; 0 failed`,
  },
];
