import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { makeView, type Turn } from './testing/make-view';
import { nameSeenTools } from './word-rules';

/**
 * A coding run: it opens a file and edits one (with `edit_file`, or `write_file` for a quarter of
 * them); good runs edit only files they opened first
 * (runs 0 mod 5 edit nothing at all), bad ones edit a file they never opened.
 */
function codingRun(n: number) {
  const file = `src/module_${n % 7}/part_${n}.py`;
  const other = `src/module_${(n + 3) % 7}/part_${n + 1}.py`;
  const good = n % 3 !== 0;
  const turns: Turn[] = [
    { user: `Task ${n}: fix the failing check in ${file}` },
    { call: 'read_file', args: { path: file }, result: 'def f():\n    return 1\n' },
  ];
  if (n % 5 !== 0) {
    turns.push({
      call: n % 4 === 1 ? 'write_file' : 'edit_file',
      args: { path: good ? file : other, replace: 'return 2' },
      result: 'ok',
    });
  }
  turns.push({ call: 'run_tests', args: { command: 'pytest -q' }, result: '1 passed' });
  turns.push({ assistant: 'Fixed.' });
  return { view: makeView(turns), label: good || n % 5 === 0 };
}

describe('rules worded for the traces they were learned from', () => {
  it('names the write tools the coding runs called, never another domain (book_*, cancel_*)', () => {
    const runs = Array.from({ length: 40 }, (_, n) => codingRun(n));
    const result = synthesiseEval(runs, { name: 'edits_opened_files' });
    const text = result.rules.join('\n');
    expect(text).not.toMatch(/book_|cancel_|update_\*/);
    expect(result.code).not.toMatch(/book_\*|cancel_\*/);
    // the rule is about both write tools; it names them as the traces did
    expect(text).toMatch(/write-like \('edit_file' or 'write_file'\)/);
    // and says what it decides for the runs that edited nothing
    expect(text).toMatch(/\(or there was none\)/);
    const none = runs[0] as (typeof runs)[number];
    expect(result.predict(none.view).passed).toBe(true);
  });

  it("lists a group's seen members in place of the generic examples", () => {
    const generic = 'every write-like (book_*, cancel_*, update_*, ...) path';
    expect(nameSeenTools(generic, ['edit_file', 'read_file', 'run_tests'])).toBe(
      "every write-like ('edit_file') path",
    );
    expect(nameSeenTools(generic, ['edit_file', 'write_file'])).toBe(
      "every write-like ('edit_file' or 'write_file') path",
    );
    expect(nameSeenTools('a hand-off (transfer/escalate) call', ['transfer_to_human'])).toBe(
      "a hand-off ('transfer_to_human') call",
    );
    expect(nameSeenTools("a 'read_file' call", ['read_file'])).toBe("a 'read_file' call");
  });
});
