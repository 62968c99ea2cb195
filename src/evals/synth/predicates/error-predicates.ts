import { aOrAn } from '@/core/a-or-an';
import type { Predicate } from '../predicate';
import { type CallFact, parseResultObject, remember, type TraceFacts } from '../trace-facts';

/** Mirrors ERROR_TEXT in python-helpers.ts. */
const ERROR_TEXT = /^\s*(?:error|exception|traceback|failed|failure|timeout|timed out)\b/i;
/** Mirrors HTTP_ERROR_TEXT: a result that starts with an HTTP error status line (`502 Bad Gateway`). */
const HTTP_ERROR_TEXT = /^\s*(?:HTTP\/?[0-9.]*\s+)?[45][0-9]{2}\s+[A-Z][a-z]/;
/**
 * Mirrors EXCEPTION_TEXT: a result that is a bare exception line, as a runtime or a gateway
 * prints one (`ValueError: amount must be positive`, `java.net.SocketTimeoutException: Read timed
 * out`, `GatewayTimeout: the directory did not respond`, `ServiceUnavailable`, `KeyError` alone on
 * its line), or holds a Python traceback's header at the start of a line.
 */
const EXCEPTION_TEXT =
  /^\s*(?:[A-Za-z_$][A-Za-z0-9_$]*\.)*[A-Z][A-Za-z0-9_$]*(?:Error|Exception|Fault|Timeout|Unavailable)(?=:|[ \t]*(?:\r?\n|$))|(?:^|\n)[ \t]*Traceback \(most recent call last\):/;
/** Mirrors EXIT_TEXT: a result that starts with a non-zero exit code (`exit code 2: ...`, `exited with status 1`). */
const EXIT_TEXT = /^\s*exit(?:ed with)?[ _-]?(?:code|status)\s*[:=]?\s*-?0*[1-9]/i;
/**
 * Mirrors CODE_TEXT: a result that starts with an error code as Node prints one, in capitals
 * (`ERR_SIM_LOCKED: ...`, `ENOENT: no such file`), then a colon, a space or its end.
 */
const CODE_TEXT =
  /^\s*(?:ERR(?:_[A-Z0-9_]+)?|E(?:NOENT|ACCES|PERM|EXIST|ISDIR|NOTDIR|NOTEMPTY|CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|ADDRINUSE|MFILE|NOTFOUND|AI_AGAIN))(?=[:\s]|$)/;
/** Mirrors FAILED_STATUS in python-helpers.ts: `status` values (any case) that report a failure. */
const FAILED_STATUS = new Set([
  'error',
  'errored',
  'failed',
  'failure',
  'fail',
  'rejected',
  'declined',
  'denied',
  'timeout',
]);

/** toolFailed's answer per call: a call is asked about for every tool group and predicate. */
const failedMemo = new WeakMap<CallFact, boolean>();

/**
 * A tool call failed (mirrored by `_tool_failed` in python-helpers.ts; parity test): an error was
 * recorded on it, its result text starts like an error (`Error: ...`, `Traceback`, `failed ...`,
 * `TIMEOUT: ...`), with an HTTP error status line (`502 Bad Gateway: ...`) or a bare exception
 * line (`ValueError: ...`, `java.net.SocketTimeoutException: ...`), a non-zero exit code
 * (`exit code 2: ...`) or an error code (`ERR_SIM_LOCKED: ...`), holds a traceback's header,
 * or its result is a JSON object reporting one (resultReportsFailure).
 */
export function toolFailed(c: CallFact): boolean {
  return remember(
    failedMemo,
    c,
    () =>
      c.error !== '' ||
      ERROR_TEXT.test(c.result) ||
      HTTP_ERROR_TEXT.test(c.result) ||
      EXCEPTION_TEXT.test(c.result) ||
      EXIT_TEXT.test(c.result) ||
      CODE_TEXT.test(c.result) ||
      resultReportsFailure(c.result),
  );
}

/**
 * A JSON-object result reporting a failure in one of the common shapes: a non-empty `error`
 * (a string, `true` or an object), a non-empty `errors` list, `ok: false`, `success: false`, or a
 * `status` of "error", "errored", "failed", "failure", "fail", "rejected", "declined", "denied"
 * or "timeout" (any case).
 */
export function resultReportsFailure(result: string): boolean {
  const r = parseResultObject(result);
  if (!r) {
    return false;
  }
  const { error, ok, success, status } = r;
  if (
    (typeof error === 'string' && error !== '') ||
    error === true ||
    (typeof error === 'object' && error !== null && !Array.isArray(error))
  ) {
    return true;
  }
  if (Array.isArray(r.errors) && r.errors.length > 0) {
    return true;
  }
  if (ok === false || success === false) {
    return true;
  }
  return typeof status === 'string' && FAILED_STATUS.has(status.toLowerCase());
}

/**
 * Mirrors OUTAGE_TEXT and REQUEST_TEXT in python-helpers.ts (`_failure_kind`), read in the lower-cased
 * error and result: an outage is the service's fault (a timeout, no response, unavailable or
 * unreachable, a bad gateway, a 502/503/504 or 429, a refused or reset connection, a rate limit);
 * a bad request is the caller's (validation, invalid or missing input, not found, permission
 * refused, unauthorised, a conflict, a 400/401/403/404/409/422).
 */
const OUTAGE_TEXT =
  /time[ds]?[ _-]?out|did not respond|not responding|no response|unavailable|unreachable|bad gateway|(?<![a-z0-9_])(?:50[234]|429)(?![a-z0-9_])|connection (?:refused|reset|closed|aborted)|econn(?:refused|reset|aborted)|ehostunreach|enetunreach|eai_again|too many requests|rate[ _-]?limit|overloaded|try again later|temporarily/;
const REQUEST_TEXT =
  /invalid|validation|not found|notfound|no such|does not exist|(?<![a-z0-9_])(?:40[01349]|422)(?![a-z0-9_])|permission|forbidden|unauthori[sz]ed|denied|not allowed|not permitted|missing|required|bad request|conflict|already exists|enoent|eacces|eperm/;

/**
 * Which family a failed call's failure belongs to: `outage` (the service did not answer: a
 * timeout, unavailable, a bad gateway) or `request` (the call was refused: validation, not found,
 * permission), outage first; null when the call did not fail or its text names neither.
 */
export function failureKind(c: CallFact): 'outage' | 'request' | null {
  if (!toolFailed(c)) {
    return null;
  }
  const text = `${c.error}\n${c.result}`.toLowerCase();
  return OUTAGE_TEXT.test(text) ? 'outage' : REQUEST_TEXT.test(text) ? 'request' : null;
}

/** Some tool's last call failed: it failed and was never retried successfully afterwards. */
export function failureUnrecovered(calls: CallFact[]): boolean {
  const last = new Map<string, boolean>();
  for (const c of calls) {
    last.set(c.name, toolFailed(c));
  }
  return [...last.values()].some(Boolean);
}

/** The failed calls (`toolFailed`) that also meet `where` (a Python condition on `c`, and its JS twin). */
function failedCalls(
  where: string,
  keep: (c: CallFact) => boolean,
): NonNullable<Predicate['evidence']>[number] {
  return {
    python: `[i for i, c in enumerate(f["calls"]) if _tool_failed(c) and ${where}]`,
    helpers: ['_tool_failed'],
    calls: (f) => f.calls.flatMap((c, i) => (toolFailed(c) && keep(c) ? [i] : [])),
  };
}

/** Errors: on steps, recorded on tool calls, or tool results that read like errors. */
export function mineErrorPredicates(factsList: TraceFacts[]): Predicate[] {
  const out: Predicate[] = [
    {
      id: 'error:any-tool',
      family: 'error',
      // Slightly below a named tool's cost: when both fit the labels, errors are the likelier intent.
      cost: 0.9,
      test: (f) => f.calls.some(toolFailed),
      python: 'any(_tool_failed(c) for c in f["calls"])',
      helpers: ['_tool_failed'],
      evidence: [failedCalls('True', () => true)],
      whenTrue: 'a tool call failed (error recorded, or its result reports an error)',
      whenFalse: 'no tool call failed',
    },
    {
      id: 'error:unrecovered',
      family: 'error',
      // One idea more than "a call failed": the failure was left standing.
      cost: 1.1,
      test: (f) => failureUnrecovered(f.calls),
      python: '_failure_unrecovered(f["calls"])',
      helpers: ['_failure_unrecovered'],
      evidence: [
        {
          python:
            '[i for i, c in enumerate(f["calls"]) if _tool_failed(c) and all(d["name"] != c["name"] for d in f["calls"][i + 1:])]',
          helpers: ['_tool_failed'],
          calls: (f) =>
            f.calls.flatMap((c, i) =>
              toolFailed(c) && f.calls.slice(i + 1).every((d) => d.name !== c.name) ? [i] : [],
            ),
        },
      ],
      whenTrue: "a tool's last call failed and was never retried successfully (an ignored error)",
      whenFalse: "no tool's last call failed",
    },
    {
      id: 'error:recorded',
      family: 'error',
      cost: 1.2,
      test: (f) => f.calls.some((c) => c.error !== ''),
      python: 'any(c["error"] for c in f["calls"])',
      helpers: [],
      evidence: [
        {
          python: '[i for i, c in enumerate(f["calls"]) if c["error"]]',
          helpers: [],
          calls: (f) => f.calls.flatMap((c, i) => (c.error !== '' ? [i] : [])),
        },
      ],
      whenTrue: 'a tool call recorded an error',
      whenFalse: 'no tool call recorded an error',
    },
    {
      id: 'error:step',
      family: 'error',
      cost: 0.9,
      test: (f) => f.stepErrors > 0,
      python: 'f["step_errors"] > 0',
      helpers: [],
      note: {
        python: '"steps that ended with an error: %d" % f["step_errors"]',
        helpers: [],
        text: (f) => `steps that ended with an error: ${f.stepErrors}`,
      },
      whenTrue: 'a step ended with an error',
      whenFalse: 'no step ended with an error',
    },
  ];
  const failing = new Set<string>();
  for (const f of factsList) {
    for (const c of f.calls) {
      if (toolFailed(c)) {
        failing.add(c.name);
      }
    }
  }
  for (const name of [...failing].sort()) {
    out.push({
      id: `error:tool=${name}`,
      family: 'error',
      cost: 1.5,
      test: (f) => f.calls.some((c) => c.name === name && toolFailed(c)),
      python: `any(_tool_failed(c) for c in f["calls"] if c["name"] == ${JSON.stringify(name)})`,
      helpers: ['_tool_failed'],
      evidence: [failedCalls(`c["name"] == ${JSON.stringify(name)}`, (c) => c.name === name)],
      whenTrue: `${aOrAn(`'${name}' call`)} failed`,
      whenFalse: `no '${name}' call failed`,
    });
  }
  return out;
}
