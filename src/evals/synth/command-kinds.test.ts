import { describe, expect, it } from 'vitest';
import { commandKind, destructiveCommand } from './command-kinds';

const kind = (command: string) => commandKind(command.toLowerCase().split(' '));

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
      ],
    ],
  ])('%s', (_, expected, commands) => {
    for (const c of commands) {
      expect(kind(c), c).toBe(expected);
    }
  });

  it('knows commands that destroy work, anywhere in a chained line', () => {
    const destroys = (command: string) => destructiveCommand(command.toLowerCase().split(' '));
    for (const c of [
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
    ]) {
      expect(destroys(c), c).toBe(true);
    }
    for (const c of [
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
    ]) {
      expect(destroys(c), c).toBe(false);
    }
  });
});
