import { describe, expect, it } from 'vitest';
import type { MiningExample } from '../predicate';
import { makeView, type Turn } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import { formFailed, mineFailureForms } from './failure-form-predicates';
import { failedFollowed } from './failure-predicates';

const query = (result: string): Turn => ({ call: 'run_query', args: { sql: 'SELECT 1' }, result });
const status: Turn = { call: 'check_status', result: '{"healthy": true}' };
const trace = (turns: Turn[], label: boolean, group: string): MiningExample => ({
  facts: extractFacts(makeView([{ user: 'run it' }, ...turns, { assistant: 'All set.' }])),
  label,
  group,
});

describe('failure forms learned from the labels', () => {
  const examples = [
    trace([query('query canceled: statement ran too long'), status], false, 'a'),
    trace([query('the operation was canceled by the client')], false, 'b'),
    trace([query('deadlock detected while waiting'), status], false, 'c'),
    trace([query('deadlock detected on rows'), status], false, 'd'),
    trace([query('query ok, 3 rows affected')], true, 'e'),
    trace([query('12 rows returned'), status], true, 'f'),
    trace([query('query ok, 1 rows affected')], true, 'g'),
    trace([query('{"rows": 4}')], true, 'h'),
  ];

  it('covers each way of failing the failing traces show, with one word each', () => {
    expect(mineFailureForms(examples, false)).toEqual(['canceled', 'deadlock']);
  });

  it('takes no word every result of a tool says, nor ordinary output the passing traces say', () => {
    const forms = mineFailureForms(examples, false);
    expect(forms).not.toContain('healthy');
    expect(forms).not.toContain('query');
  });

  it('counts a call whose result says a form as failed, in what followed it too', () => {
    const facts = examples[0]?.facts as MiningExample['facts'];
    expect(formFailed(facts, 0, [])).toBe(false);
    expect(formFailed(facts, 0, ['canceled'])).toBe(true);
    // the failure was followed by another call, with no message between
    expect(failedFollowed(facts, null, 'reported')).toBe(true);
    expect(failedFollowed(facts, null, 'reported', ['canceled'])).toBe(false);
  });
});
