import { describe, expect, it } from 'vitest';
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

describe('toolFailed', () => {
  it('recognises recorded errors and error text, as before', () => {
    expect(toolFailed(call('done', 'timeout'))).toBe(true);
    expect(toolFailed(call('Error: not allowed'))).toBe(true);
    expect(toolFailed(call('  failed to update'))).toBe(true);
    expect(toolFailed(call('Password reset for alice'))).toBe(false);
  });

  it('recognises a timeout and an HTTP error status line in plain text, not their look-alikes', () => {
    expect(toolFailed(call('TIMEOUT: upstream did not answer'))).toBe(true);
    expect(toolFailed(call('Request timed out after 30 s'))).toBe(false);
    expect(toolFailed(call('timed out after 30 s'))).toBe(true);
    expect(toolFailed(call('502 Bad Gateway: try later'))).toBe(true);
    expect(toolFailed(call('HTTP/1.1 503 Service Unavailable'))).toBe(true);
    expect(toolFailed(call('404 items found'))).toBe(false);
    expect(toolFailed(call('200 OK'))).toBe(false);
    expect(toolFailed(call('timeouts are 30 s'))).toBe(false);
  });

  it('recognises a bare exception line or a traceback in plain text, not words that merely end in Error', () => {
    expect(toolFailed(call('ValueError: amount must be positive'))).toBe(true);
    expect(toolFailed(call('java.net.SocketTimeoutException: Read timed out'))).toBe(true);
    expect(toolFailed(call('requests.exceptions.ConnectionError: host unreachable'))).toBe(true);
    expect(toolFailed(call('  KeyError\n'))).toBe(true);
    expect(toolFailed(call('SOAPFault: invalid envelope'))).toBe(true);
    const traceback = 'Traceback (most recent call last):\n  File "pay.py", line 3\nValueError: x';
    expect(toolFailed(call(traceback))).toBe(true);
    expect(toolFailed(call(`charging card...\n${traceback}`))).toBe(true);
    expect(toolFailed(call('ValueErrors are logged: 0'))).toBe(false);
    expect(toolFailed(call('TerrorFilm: the title'))).toBe(false);
    expect(toolFailed(call('Paid 20.00. Last error: none'))).toBe(false);
    expect(toolFailed(call('valueError: lower-case class names are not exception classes'))).toBe(
      false,
    );
    expect(toolFailed(call('see the Traceback (most recent call last): section'))).toBe(false);
  });

  it('recognises a non-zero exit code or a Node-style error code at the start, not their look-alikes', () => {
    expect(toolFailed(call('exit code 2: SIM not provisioned'))).toBe(true);
    expect(toolFailed(call('Exit status 1'))).toBe(true);
    expect(toolFailed(call('exited with code 127: command not found'))).toBe(true);
    expect(toolFailed(call('exit_code=-9'))).toBe(true);
    expect(toolFailed(call('ERR_SIM_LOCKED: the SIM is locked'))).toBe(true);
    expect(toolFailed(call('ERR_INVALID_ARG_TYPE'))).toBe(true);
    expect(toolFailed(call('ENOENT: no such file or directory'))).toBe(true);
    expect(toolFailed(call('exit code 0: plan changed'))).toBe(false);
    expect(toolFailed(call('Exit codes are listed in the manual'))).toBe(false);
    expect(toolFailed(call('exist: yes'))).toBe(false);
    expect(toolFailed(call('ERRAND_BOOKED: courier on the way'))).toBe(false);
    expect(toolFailed(call('err_sim_locked: lower case is no code'))).toBe(false);
    expect(toolFailed(call('Plan changed; no error_code: ERR_NONE'))).toBe(false);
    expect(toolFailed(call('The error was fixed yesterday'))).toBe(false);
  });

  it('recognises failures reported in the common result-object shapes', () => {
    expect(toolFailed(call({ error: 'account locked' }))).toBe(true);
    expect(toolFailed(call({ error: { code: 404, message: 'no such user' } }))).toBe(true);
    expect(toolFailed(call({ error: true }))).toBe(true);
    expect(toolFailed(call({ ok: false, reason: 'quota exceeded' }))).toBe(true);
    expect(toolFailed(call({ success: false }))).toBe(true);
    expect(toolFailed(call({ status: 'error', detail: 'host unreachable' }))).toBe(true);
    expect(toolFailed(call({ status: 'Failed' }))).toBe(true);
    expect(toolFailed(call({ status: 'FAILURE' }))).toBe(true);
    expect(toolFailed(call({ status: 'rejected', reason: 'credit limit' }))).toBe(true);
    expect(toolFailed(call({ status: 'Declined' }))).toBe(true);
    expect(toolFailed(call({ status: 'denied' }))).toBe(true);
    expect(toolFailed(call({ status: 'timeout' }))).toBe(true);
    expect(toolFailed(call({ errors: [{ field: 'msisdn', message: 'invalid' }] }))).toBe(true);
  });

  it('does not read success or near misses as failures', () => {
    expect(toolFailed(call({ error: null, ok: true, success: true, status: 'ok' }))).toBe(false);
    expect(toolFailed(call({ error: '', ok: 0, success: 'false' }))).toBe(false);
    expect(toolFailed(call({ error: false, errors: [], status: 'failing' }))).toBe(false);
    expect(toolFailed(call({ status: 'resolved', result: { error: 'nested' } }))).toBe(false);
    expect(toolFailed(call({ status: 'ok', note: 'no error on the line' }))).toBe(false);
    expect(toolFailed(call({ status: 'rejection_reviewed', errors: {} }))).toBe(false);
    expect(toolFailed(call('[{"error": "in a list"}]'))).toBe(false);
    expect(toolFailed(call('{"error": "x"'))).toBe(false);
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
    expect(toolFailed(call('GatewayTimeout: the directory did not respond'))).toBe(true);
    expect(toolFailed(call('ServiceUnavailable'))).toBe(true);
    expect(toolFailed(call('Timeouts: none today'))).toBe(false);
    expect(toolFailed(call('The directory did not respond in time, retrying worked'))).toBe(false);
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
