import { describe, expect, it } from 'vitest';
import { parseOtlpTraces } from './parse-otlp-traces';
import { otlpJsonRequest } from './testing/otlp-json-request';

const TRACE = '0AF7651916CD43DD8448EB211C80319C';

function request(ids: { traceId?: string; spanId?: string; parentSpanId?: string }) {
  const span = {
    traceId: TRACE,
    spanId: '00f067aa0ba902b7',
    name: 'root',
    startTimeUnixNano: '1700000000000000000',
    ...ids,
  };
  return otlpJsonRequest(span);
}

const failure = (ids: Parameters<typeof request>[0]) => {
  try {
    parseOtlpTraces(request(ids));
  } catch (error) {
    return (error as Error).message;
  }
  return null;
};

describe('OTLP ids', () => {
  it('reads hex ids in either case as lower-case hex; an all-zero parent is no parent', () => {
    const [trace] = parseOtlpTraces(request({ parentSpanId: '0000000000000000' }));
    expect(trace?.externalId).toBe(TRACE.toLowerCase());
    expect(trace?.spans[0]?.spanId).toBe('00f067aa0ba902b7');
    expect(trace?.spans[0]?.parentSpanId).toBeNull();
  });

  it.each([
    [
      { spanId: '00f067aa0ba902bg' },
      'id is not hex at $.resourceSpans[0].scopeSpans[0].spans[0].spanId',
    ],
    [{ spanId: '00f067aa0ba902b' }, 'span id must be 8 bytes (16 hex digits)'],
    [{ traceId: 'abcd' }, 'trace id must be 16 bytes (32 hex digits)'],
    [{ spanId: '0000000000000000' }, 'id is all zeros'],
    [
      { parentSpanId: 'zz' },
      'id is not hex at $.resourceSpans[0].scopeSpans[0].spans[0].parentSpanId',
    ],
    [{ parentSpanId: '00000000' }, 'span id must be 8 bytes'],
  ])('rejects %j', (ids, message) => {
    expect(failure(ids)).toContain(message);
  });
});

describe('OTLP trace metadata keys from requests', () => {
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const span = (traceId: string, attribute: ReturnType<typeof str>) => ({
    traceId,
    spanId: '00f067aa0ba902b7',
    name: 'root',
    startTimeUnixNano: '1700000000000000000',
    attributes: [attribute],
  });

  it('keeps a __proto__ key of the metadata attribute and of the metadata prefix as a key', () => {
    const [fromJson, fromPrefix] = parseOtlpTraces(
      otlpJsonRequest(
        span(`${'0'.repeat(31)}1`, str('metadata', '{"__proto__":{"tier":"gold"},"b":2}')),
        span(`${'0'.repeat(31)}2`, str('langfuse.trace.metadata.__proto__', '{"tier":"gold"}')),
      ),
    );
    for (const trace of [fromJson, fromPrefix]) {
      expect(Object.getPrototypeOf(trace?.metadata)).toBe(Object.prototype);
      expect(JSON.stringify(trace?.metadata)).toContain('"__proto__":{"tier":"gold"}');
    }
  });
});

describe('OTLP times', () => {
  const startOf = (startTimeUnixNano: unknown) => {
    const body = request({});
    const span = body.resourceSpans[0]?.scopeSpans[0]?.spans[0] as Record<string, unknown>;
    span.startTimeUnixNano = startTimeUnixNano;
    try {
      return parseOtlpTraces(body)[0]?.spans[0]?.startTime;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('reads decimal nanoseconds as milliseconds, the last six digits as the fraction', () => {
    expect(startOf('1700000000123456789')).toBe(1700000000123 + 456789 / 1e6);
    expect(startOf('1500000')).toBe(1.5);
    expect(startOf('999999')).toBe(0.999999);
    expect(startOf('7')).toBe(0.000007);
    expect(startOf('00000000000000000001')).toBe(0.000001);
    expect(startOf(2_000_000)).toBe(2);
  });

  it.each(['', '0'])('reads %j as no time', (value) => {
    expect(startOf(value)).toBe(0);
  });

  it.each([
    '123456789012345678901',
    '17000000001234567x9',
    ' 1700000000000000000',
    '-1',
    '1e18',
    '１２',
  ])('refuses %j', (value) => {
    expect(startOf(value)).toContain('time must be unix nanoseconds');
  });
});
