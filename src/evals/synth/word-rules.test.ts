import { describe, expect, it } from 'vitest';
import { evidenceCalls, evidencePython } from './evidence';
import type { Predicate } from './predicate';
import { mineToolPredicates } from './predicates/tool-predicates';
import { synthesiseEval } from './synthesise-eval';
import { makeView, type Turn } from './testing/make-view';
import { describeGroup, type ToolGroup, toolGroupsOf } from './tool-groups';
import { extractFacts } from './trace-facts';

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
    expect(text).toMatch(/'edit_file' or 'write_file' \(or other write-like\)/);
    // and says what it decides for the runs that edited nothing
    expect(text).toMatch(/\(or there was none\)/);
    const none = runs[0] as (typeof runs)[number];
    expect(result.predict(none.view).passed).toBe(true);
  });

  it('names a kind of tool by the tools of that kind the traces called, from mining on', () => {
    const facts = [
      makeView([
        { call: 'edit_file', args: { path: 'a.py' }, result: 'ok' },
        { call: 'read_file', args: { path: 'a.py' }, result: 'x' },
        { call: 'transfer_to_human', args: {}, result: 'ok' },
      ]),
    ].map((v) => extractFacts(v));
    const groups = toolGroupsOf(facts);
    const write = groups.find((g) => g.kind === 'write') as ToolGroup;
    expect(describeGroup(write)).toBe("'edit_file' (or other write-like)");
    const handoff = groups.find((g) => g.kind === 'handoff') as ToolGroup;
    expect(describeGroup(handoff)).toBe("'transfer_to_human' (or other hand-off)");
    expect(describeGroup({ kind: 'write', value: '', seen: ['edit_file', 'write_file'] })).toBe(
      "'edit_file' or 'write_file' (or other write-like)",
    );
    expect(describeGroup({ kind: 'destructive', value: '' })).toBe('destructive');
    expect(describeGroup({ kind: 'name', value: 'read_file' })).toBe("'read_file'");
    const [called] = mineToolPredicates(
      facts.map((f) => ({ facts: f, label: true })),
      [write],
    );
    expect(called?.whenTrue).toBe("an 'edit_file' (or other write-like) tool was called");
    expect(called?.groups).toEqual([write]);
  });

  it('chooses "a" or "an" by the tool name in the rules and in the reasons the code returns', () => {
    const runs = Array.from({ length: 24 }, (_, n) => {
      const bad = n % 3 === 0;
      const turns: Turn[] = [
        { user: `Task ${n}: check order ${n}` },
        { call: 'get_order', args: { id: `o${n}` }, result: 'ok' },
        ...(bad ? [{ call: 'inspect_logs', args: { id: `o${n}` }, result: 'ok' }] : []),
        { assistant: 'Done.' },
      ];
      return { view: makeView(turns), label: !bad };
    });
    const result = synthesiseEval(runs, { name: 'no_log_inspection' });
    expect(result.rules[0]).toBe("Fail when an 'inspect_logs' tool was called.");
    expect(result.code).toContain("an 'inspect_logs' tool was called");
    expect(result.code).not.toContain("a 'inspect_logs'");
  });

  it("takes a rule's evidence calls from its groups, never from words in its Python", () => {
    const f = extractFacts(
      makeView([
        { call: 'write', args: { path: 'notes.md' }, result: 'ok' },
        { call: 'edit_file', args: { path: 'a.py' }, result: 'ok' },
      ]),
    );
    // a tool named like a kind, in a helper's arguments: not a group
    const shaped: Predicate = {
      id: 'shape',
      family: 'call-shape',
      cost: 2,
      test: () => true,
      python: '_call_has(f, "write", "path")',
      helpers: [],
      whenTrue: "a 'write' call passed a path",
      whenFalse: "no 'write' call passed a path",
    };
    expect(evidenceCalls(shaped, f)).toEqual([]);
    expect(evidencePython(shaped)).toBeNull();
    const grouped = { ...shaped, groups: [{ kind: 'write' as const, value: '' }] };
    expect(evidenceCalls(grouped, f)).toEqual([0, 1]);
    expect(evidencePython(grouped)?.python).toBe('_group_calls(f, [("write", "")])');
  });
});
