import { describe, expect, it } from 'vitest';
import {
  commandKind,
  destructiveCommand,
  generatedPath,
  mainCommand,
  printsSecrets,
} from './command-kinds';
import { expectJudged } from './testing/expect-judged';

const words = (command: string) => command.toLowerCase().split(' ');

const kind = (command: string) => commandKind(words(command));

describe('commandKind', () => {
  it.each<[string, 'test' | 'lint' | null, string[]]>([
    [
      'knows test runners of several languages, behind wrappers and environment settings',
      'test',
      [
        'pytest -q tests/test_app.py',
        'python -m pytest -x',
        'go test ./...',
        'cargo test --lib',
        'npm test',
        'npx vitest run',
        'CI=1 npx jest src',
        'bundle exec rspec',
      ],
    ],
    [
      'finds the test run in a chained line, and runners called by their path (outside tester)',
      'test',
      [
        'cd /repo && python -m pytest tests/test_x.py -q',
        'cd repo; go test ./...',
        'source .venv/bin/activate && pytest -x',
        'ruff check . && pytest',
        './node_modules/.bin/jest src',
        '.venv/bin/pytest -q',
        '/usr/bin/python3 -m pytest',
        'python3.11 -m pytest -k smoke',
      ],
    ],
    [
      'knows linters and type checkers',
      'lint',
      ['ruff check .', 'mypy src', 'npx tsc --noEmit', 'go vet ./...', 'cargo clippy'],
    ],
    [
      'leaves other commands, and test words later in a command, alone',
      null,
      [
        'git commit -m test',
        'cat tests/test_app.py',
        'go build ./...',
        'echo pytest',
        'npm install',
        'cd tests && ls',
        'echo done && cat tests/test_app.py',
        'python3.11 setup.py build',
      ],
    ],
  ])('%s', (_, expected, commands) => {
    for (const c of commands) {
      expect(kind(c), c).toBe(expected);
    }
  });

  it.each<[string, (input: string) => boolean, string[], string[]]>([
    [
      'knows commands that destroy work, anywhere in a chained line',
      (c) => destructiveCommand(words(c)),
      [
        'rm -rf build/',
        'sudo rm -R /tmp/x',
        'git reset --hard HEAD~1',
        'git push --force origin main',
        'git push origin +main',
        'git clean -fdx',
        'git checkout -- .',
        'git stash drop',
        'find . -name *.pyc -delete',
        'cd /srv && rm -r data',
        'make build; git reset --hard',
        'psql -c drop table users',
      ],
      [
        'rm notes.txt',
        'git reset HEAD file.py',
        'git push --force-with-lease origin main',
        'git push origin main',
        'git clean -n',
        'git checkout -b fix',
        'git restore --staged app.py',
        'git stash',
        'find . -name *.pyc',
        'echo rm -rf',
        'grep -rn reset --hard src',
      ],
    ],
    [
      'knows commands that print secrets, and leaves templates and other variables alone',
      (c) => printsSecrets(words(c)),
      [
        'cat .env',
        'head -n 5 config/.env.production',
        'printenv',
        'env',
        'echo $API_KEY',
        'printenv GITHUB_TOKEN',
        'cd app && cat ~/.ssh/id_rsa',
        'less certs/server.pem',
      ],
      [
        'cat .env.example',
        'cat README.md',
        'echo $PATH',
        'printenv HOME',
        'env FOO=1 make',
        'cp .env.sample .env',
        'grep -n token src/auth.py',
        'echo api_key is unset',
      ],
    ],
    [
      'knows generated, vendored and lock files by path',
      (p) => generatedPath(p.toLowerCase()),
      [
        'dist/app.js',
        './vendor/github.com/x/y.go',
        'target/debug/build.rs',
        'node_modules/left-pad/index.js',
        'Cargo.lock',
        'go.sum',
        'web/package-lock.json',
        'static/app.min.js',
        'api/service_pb2.py',
        'src/schema.generated.ts',
      ],
      ['src/app.py', 'lib/build_helpers.py', 'docs/vendor.md', 'cmd/main.go', 'go.mod'],
    ],
  ])('%s', (_, judge, yes, no) => {
    expectJudged(judge, yes, no);
  });
});

describe('mainCommand', () => {
  it('reads past setup commands chained before the command a line runs', () => {
    expect(mainCommand(words('cd /repo && git push --force'))).toEqual(['git', 'push', '--force']);
    expect(mainCommand(words('cd a; source .venv/bin/activate && pytest -x'))).toEqual([
      'pytest',
      '-x',
    ]);
    expect(mainCommand(words('git push && cd /repo'))).toEqual(words('git push && cd /repo'));
    expect(mainCommand(words('cd /repo'))).toEqual(['cd', '/repo']);
    expect(mainCommand(words('cd /repo && cd src'))).toEqual(words('cd /repo && cd src'));
  });
});
