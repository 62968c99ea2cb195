import { describe, expect, it } from 'vitest';
import { commandKind } from './command-kinds';

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
});
