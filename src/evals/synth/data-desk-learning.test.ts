import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { type DataDeskRun, dataDeskRuns } from './testing/data-desk-runs';
import { itLearnsEachFrom40 } from './testing/expect-learned';
import { makeView } from './testing/make-view';
import { pythonUnavailableReason, runPythonEval } from './testing/run-python.node';

const noPython = pythonUnavailableReason() !== null;

// Criteria about a pattern inside a free-text argument (a table's prefix inside a query, a
// wildcard or a family of flags inside a shell command, a code inside a note), not about the
// whole value: learned from 40 labels, judged on 200 others.
const criteria: Record<string, (run: DataDeskRun) => boolean> = {
  'no query read a raw_ table': (run) => run.noRawTables,
  'no shell command had a wildcard': (run) => run.noWildcards,
  'no shell command passed a --skip- flag': (run) => run.noSkipFlags,
  'the note named an order code (ORD- and six digits)': (run) => run.notedOrder,
  'no note was posted in a run that read a raw_ table': (run) => run.noNoteFromRaw,
  'no load read a file under a raw/ directory': (run) => run.noRawInput,
};

describe('learning patterns inside free-text arguments from 40 labels', () => {
  itLearnsEachFrom40(dataDeskRuns, criteria);
});

describe('a rule about a pattern inside free text', () => {
  const learned = () => {
    const runs = dataDeskRuns(1, 40);
    return synthesiseEval(runs.map((run) => ({ view: run.view, label: run.noRawTables })));
  };

  it('reads in plain words and names the call and its text', () => {
    const result = learned();
    expect(result.rules.join('\n')).toContain("whose sql has a word that starts with 'raw_'");
    const bad = makeView([
      { user: 'Pull the numbers.' },
      { call: 'run_query', args: { sql: 'SELECT id FROM stg_orders' } },
      { call: 'run_query', args: { sql: 'SELECT id FROM raw_events WHERE x = 1' } },
    ]);
    const { passed, reason } = result.predict(bad);
    expect(passed).toBe(false);
    expect(reason).toContain(`call 2 'run_query' (sql="SELECT id FROM raw_events WHERE x = 1")`);
  });

  it.skipIf(noPython).each([
    ['a pattern inside free text', (run: DataDeskRun) => run.noRawTables],
    ['two facts at once', (run: DataDeskRun) => run.noNoteFromRaw],
  ])('gives the same verdicts and reasons in Python as in JS: %s', (_name, label) => {
    const runs = dataDeskRuns(1, 40);
    const result = synthesiseEval(runs.map((run) => ({ view: run.view, label: label(run) })));
    const fresh = dataDeskRuns(300, 30).map((run) => run.view);
    const outcomes = runPythonEval(result.code, fresh);
    const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
    expect(outcomes.map((o) => (o.ok ? [o.passed, o.reason] : o.error))).toEqual(
      fresh.map((v) => {
        const { passed, reason } = result.predict(v);
        return [passed, capital(reason)];
      }),
    );
  });
});
