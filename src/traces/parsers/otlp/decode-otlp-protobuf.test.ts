import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { decodeOtlpProtobuf } from './decode-otlp-protobuf';
import { encodeOtlpProtobuf, type OtlpJsonKeyValue } from './testing/encode-otlp-protobuf';

const text = (key: string, value: string): OtlpJsonKeyValue => ({
  key,
  value: { stringValue: value },
});

function request(attributes: OtlpJsonKeyValue[][]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [text('service.name', 'svc')] },
        scopeSpans: [
          {
            scope: { name: 'test', version: '' },
            spans: attributes.map((a, i) => ({
              traceId: 'ab'.repeat(16),
              spanId: (i + 1).toString(16).padStart(16, '0'),
              name: 'span',
              startTimeUnixNano: '1000000',
              endTimeUnixNano: '2000000',
              attributes: a,
            })),
          },
        ],
      },
    ],
  };
}

const attributesOf = (decoded: unknown) =>
  (
    decoded as {
      resourceSpans: { scopeSpans: { spans: { attributes: OtlpJsonKeyValue[] }[] }[] }[];
    }
  ).resourceSpans[0]?.scopeSpans[0]?.spans.map((s) => s.attributes);

describe('decodeOtlpProtobuf strings', () => {
  it('reads repeated short strings, strings whose bytes hash alike and non-ASCII text as sent', () => {
    // "Aa" and "BB" hash alike in the decoder's table of short strings: each must read as itself
    const spans = [
      [text('Aa', 'BB'), text('llm.model_name', 'gpt-4o'), text('note', 'café ✓')],
      [text('BB', 'Aa'), text('llm.model_name', 'gpt-4o'), text('note', 'cafe')],
      [text('Aa', 'Aa'), text('x'.repeat(200), 'y'.repeat(200)), text('', '')],
    ];
    expect(attributesOf(decodeOtlpProtobuf(encodeOtlpProtobuf(request(spans))))).toEqual(spans);
  });

  it('rejects a short string that is not UTF-8, after the same bytes read as ASCII before', () => {
    const body = encodeOtlpProtobuf(request([[text('k', 'zzzz')], [text('k', 'zz~~')]]));
    // the second span's value: ASCII `zz~~` becomes `zz` and two bytes that are no UTF-8
    const at = body.lastIndexOf(0x7e);
    const bad = body.slice();
    bad[at - 1] = 0xff;
    bad[at] = 0xfe;
    let error: unknown;
    try {
      decodeOtlpProtobuf(bad);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code).toBe('VALIDATION');
    expect(String(error)).toContain('not valid UTF-8');
  });
});
