import { describe, expect, it } from 'vitest';
import { expectJudged } from '../testing/expect-judged';
import { makeView } from '../testing/make-view';
import { extractFacts } from '../trace-facts';
import {
  failureKind,
  failureUnrecovered,
  mineErrorPredicates,
  toolFailed,
} from './error-predicates';

const call = (result: unknown, error = '') => ({
  name: 'reset_password',
  args: {},
  result: typeof result === 'string' ? result : JSON.stringify(result),
  error,
});

/** `toolFailed` of a call that answered `result` (a tool's text, or an object sent as JSON). */
const failed = (result: unknown) => toolFailed(call(result));

describe('toolFailed', () => {
  it('recognises recorded errors and error text, as before', () => {
    expect(toolFailed(call('done', 'timeout'))).toBe(true);
    expectJudged(
      failed,
      ['Error: not allowed', '  failed to update'],
      ['Password reset for alice'],
    );
  });

  it('recognises a timeout and an HTTP error status line in plain text, not their look-alikes', () => {
    expectJudged(
      failed,
      [
        'TIMEOUT: upstream did not answer',
        'timed out after 30 s',
        '502 Bad Gateway: try later',
        'HTTP/1.1 503 Service Unavailable',
      ],
      ['Request timed out after 30 s', '404 items found', '200 OK', 'timeouts are 30 s'],
    );
  });

  it('recognises a bare exception line or a traceback in plain text, not words that merely end in Error', () => {
    const traceback = 'Traceback (most recent call last):\n  File "pay.py", line 3\nValueError: x';
    expectJudged(
      failed,
      [
        'ValueError: amount must be positive',
        'java.net.SocketTimeoutException: Read timed out',
        'requests.exceptions.ConnectionError: host unreachable',
        '  KeyError\n',
        'SOAPFault: invalid envelope',
        traceback,
        `charging card...\n${traceback}`,
      ],
      [
        'ValueErrors are logged: 0',
        'TerrorFilm: the title',
        'Paid 20.00. Last error: none',
        'valueError: lower-case class names are not exception classes',
        'see the Traceback (most recent call last): section',
      ],
    );
  });

  it('recognises a non-zero exit code or a Node-style error code at the start, not their look-alikes', () => {
    expectJudged(
      failed,
      [
        'exit code 2: SIM not provisioned',
        'Exit status 1',
        'exited with code 127: command not found',
        'exit_code=-9',
        'ERR_SIM_LOCKED: the SIM is locked',
        'ERR_INVALID_ARG_TYPE',
        'ENOENT: no such file or directory',
      ],
      [
        'exit code 0: plan changed',
        'Exit codes are listed in the manual',
        'exist: yes',
        'ERRAND_BOOKED: courier on the way',
        'err_sim_locked: lower case is no code',
        'Plan changed; no error_code: ERR_NONE',
        'The error was fixed yesterday',
      ],
    );
  });

  it('recognises failures reported in the common result-object shapes', () => {
    expectJudged(
      failed,
      [
        { error: 'account locked' },
        { error: { code: 404, message: 'no such user' } },
        { error: true },
        { ok: false, reason: 'quota exceeded' },
        { success: false },
        { status: 'error', detail: 'host unreachable' },
        { status: 'Failed' },
        { status: 'FAILURE' },
        { status: 'rejected', reason: 'credit limit' },
        { status: 'Declined' },
        { status: 'denied' },
        { status: 'timeout' },
        { errors: [{ field: 'msisdn', message: 'invalid' }] },
      ],
      [],
    );
  });

  it('does not read success or near misses as failures', () => {
    expectJudged(
      failed,
      [],
      [
        { error: null, ok: true, success: true, status: 'ok' },
        { error: '', ok: 0, success: 'false' },
        { error: false, errors: [], status: 'failing' },
        { status: 'resolved', result: { error: 'nested' } },
        { status: 'ok', note: 'no error on the line' },
        { status: 'rejection_reviewed', errors: {} },
        '[{"error": "in a list"}]',
        '{"error": "x"',
      ],
    );
  });
});

describe('error predicates over result-object failures', () => {
  const helpdesk = makeView([
    { user: 'I am locked out.' },
    { call: 'reset_password', args: { user: 'alice' }, result: '{"ok": false, "reason": "MFA"}' },
    { assistant: 'Your password has been reset.' },
  ]);
  const recovered = makeView([
    { user: 'I am locked out.' },
    { call: 'reset_password', args: { user: 'alice' }, result: '{"status": "error"}' },
    { call: 'reset_password', args: { user: 'alice' }, result: '{"status": "done"}' },
    { assistant: 'Your password has been reset.' },
  ]);

  it('a failed call and an ignored error are seen in the trace', () => {
    const facts = extractFacts(helpdesk);
    const byId = new Map(mineErrorPredicates([facts]).map((p) => [p.id, p]));
    expect(byId.get('error:any-tool')?.test(facts)).toBe(true);
    expect(byId.get('error:unrecovered')?.test(facts)).toBe(true);
    expect(byId.get('error:tool=reset_password')?.test(facts)).toBe(true);
  });

  it('a failure retried successfully is not an ignored error', () => {
    const facts = extractFacts(recovered);
    expect(facts.calls.some(toolFailed)).toBe(true);
    expect(failureUnrecovered(facts.calls)).toBe(false);
  });
});

describe('failure families', () => {
  it('reads a gateway timeout or an unavailable service named like an exception as a failure', () => {
    expectJudged(
      failed,
      ['GatewayTimeout: the directory did not respond', 'ServiceUnavailable'],
      ['Timeouts: none today', 'The directory did not respond in time, retrying worked'],
    );
  });

  it('tells outages (the service did not answer) from bad requests (the call was refused)', () => {
    expect(failureKind(call('GatewayTimeout: the directory did not respond'))).toBe('outage');
    expect(failureKind(call('503 Service Unavailable'))).toBe('outage');
    expect(failureKind(call({ status: 'timeout' }))).toBe('outage');
    expect(failureKind(call('done', 'ECONNRESET'))).toBe('outage');
    expect(failureKind(call({ ok: false, error: 'validation failed: site is required' }))).toBe(
      'request',
    );
    expect(failureKind(call('NotFoundError: no such person'))).toBe('request');
    expect(failureKind(call({ status: 'denied', reason: 'permission refused' }))).toBe('request');
    expect(failureKind(call('Error: 404'))).toBe('request');
    expect(failureKind(call('Error: something broke'))).toBe(null);
    expect(failureKind(call('Site not found in the cache, fetched it: 503 rooms'))).toBe(null);
    expect(failureKind(call('Error: room 5030 is invalid'))).toBe('request');
  });
});
