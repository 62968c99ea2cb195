import { describe, expect, it } from 'vitest';
import { commandKind } from './command-kinds';

const kind = (command: string) => commandKind(command.toLowerCase().split(' '));

describe('commandKind', () => {
  it('knows test runners of several languages, behind wrappers and environment settings', () => {
    for (const c of [
      'pytest -q tests/test_app.py',
      'python -m pytest -x',
      'go test ./...',
      'cargo test --lib',
      'npm test',
      'npx vitest run',
      'CI=1 npx jest src',
      'bundle exec rspec',
    ]) {
      expect(kind(c), c).toBe('test');
    }
  });

  it('knows linters and type checkers', () => {
    for (const c of [
      'ruff check .',
      'mypy src',
      'npx tsc --noEmit',
      'go vet ./...',
      'cargo clippy',
    ]) {
      expect(kind(c), c).toBe('lint');
    }
  });

  it('leaves other commands, and test words later in a command, alone', () => {
    for (const c of [
      'git commit -m test',
      'cat tests/test_app.py',
      'go build ./...',
      'echo pytest',
      'npm install',
    ]) {
      expect(kind(c), c).toBeNull();
    }
  });
});
