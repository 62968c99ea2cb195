import { afterEach, describe, expect, it } from 'vitest';
import { keyValuesToObject, unflatten } from './any-value';
import { parseOtlpTraces } from './parse-otlp-traces';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const polluted = () => (Object.prototype as Record<string, unknown>).iofoldPolluted;

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).iofoldPolluted;
});

describe('attribute keys from requests', () => {
  it('never write through __proto__ into Object.prototype, whatever the convention reads them', () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: `${'0'.repeat(31)}1`,
                  spanId: `${'0'.repeat(15)}1`,
                  name: 'llm',
                  startTimeUnixNano: '1700000000000000000',
                  attributes: [
                    str('openinference.span.kind', 'LLM'),
                    str('llm.input_messages.__proto__.iofoldPolluted', 'yes'),
                    str('llm.output_messages.0.__proto__.iofoldPolluted', 'yes'),
                    str('gen_ai.prompt.__proto__.iofoldPolluted', 'yes'),
                    str('gen_ai.completion.0.__proto__.iofoldPolluted', 'yes'),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const [trace] = parseOtlpTraces(body, { idEncoding: 'hex', maxSpans: 10 });
    expect(polluted()).toBeUndefined();
    expect(Object.keys(trace?.spans[0]?.attributes ?? {})).toContain(
      'llm.input_messages.__proto__.iofoldPolluted',
    );
  });

  it('keep __proto__ and constructor as plain own keys of the nested value', () => {
    const nested = unflatten(
      { 'p.__proto__.iofoldPolluted': 'a', 'p.constructor.prototype.iofoldPolluted': 'b' },
      'p.',
    ) as Record<string, unknown>;
    expect(polluted()).toBeUndefined();
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(nested))).toEqual(
      JSON.parse(
        '{"__proto__":{"iofoldPolluted":"a"},"constructor":{"prototype":{"iofoldPolluted":"b"}}}',
      ),
    );
  });

  it('keep an attribute named __proto__ as an own attribute, not the prototype', () => {
    const attrs = keyValuesToObject([
      { key: '__proto__', value: { kvlistValue: { values: [str('iofoldPolluted', 'yes')] } } },
      str('a', 'b'),
    ]);
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.hasOwn(attrs, '__proto__')).toBe(true);
    expect(JSON.stringify(attrs)).toBe('{"__proto__":{"iofoldPolluted":"yes"},"a":"b"}');
  });
});
