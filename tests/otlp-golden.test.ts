import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureExporterCases,
  type ExporterCapture,
  type GoldenCase,
  handBuiltCases,
} from '@/traces/parsers/otlp/testing/otlp-golden-cases.node.js';
import {
  type OtlpParseSummary,
  summariseOtlpParse,
} from '@/traces/parsers/otlp/testing/summarise-otlp-parse';

/**
 * One golden suite, two hosts: every OTLP body (real exporter bytes in JSON, protobuf and gzip, and
 * hand-built protobuf) is parsed on Node and inside workerd; both must give the same result, and
 * that result must match what the JSON exporter sent and the fields written by hand.
 */
let capture: ExporterCapture;
let cases: GoldenCase[];
let mf: Miniflare;
const onNode = new Map<string, OtlpParseSummary>();
const inWorkerd = new Map<string, OtlpParseSummary>();

beforeAll(async () => {
  capture = await captureExporterCases();
  cases = [...capture.cases, ...handBuiltCases()];
  const bundle = await build({
    entryPoints: ['tests/helpers/otlp-parse-worker.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: '2026-04-01',
  });
  for (const c of cases) {
    const headers = { contentType: c.contentType, contentEncoding: c.contentEncoding ?? null };
    onNode.set(c.name, await summariseOtlpParse(c.body, headers));
    const response = await mf.dispatchFetch('http://golden.test/', {
      method: 'POST',
      headers: {
        'content-type': c.contentType,
        ...(c.contentEncoding ? { 'content-encoding': c.contentEncoding } : {}),
      },
      body: c.body,
    });
    inWorkerd.set(c.name, (await response.json()) as OtlpParseSummary);
  }
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

/** The traces of one exporter run, merged over its requests, keyed by trace id. */
function tracesOf(exporter: string): Map<string, { spans: { spanId: string }[] }> {
  const out = new Map<string, { spans: { spanId: string }[] }>();
  for (const c of cases.filter((x) => x.name.startsWith(`${exporter}#`))) {
    const summary = onNode.get(c.name);
    if (!summary?.ok) {
      throw new Error(`${c.name} did not parse: ${JSON.stringify(summary)}`);
    }
    for (const t of summary.traces as { externalId: string; spans: { spanId: string }[] }[]) {
      const seen = out.get(t.externalId);
      out.set(t.externalId, seen ? { spans: [...seen.spans, ...t.spans] } : t);
    }
  }
  return out;
}

/**
 * Span content without the ids and times that differ between two SDK runs, in a canonical order:
 * an exporter may send its batches (and so its traces and spans) in any order.
 */
function shapeOf(exporter: string) {
  const canonical = (value: unknown) => JSON.stringify(value);
  const byContent = (a: unknown, b: unknown) => canonical(a).localeCompare(canonical(b));
  return capture.traceIds[exporter]!.map((id) =>
    tracesOf(exporter)
      .get(id)!
      .spans.map((s): Record<string, unknown> => {
        const { spanId, parentSpanId, startTime, endTime, events, ...rest } = s as Record<
          string,
          unknown
        >;
        return {
          ...(rest as Record<string, unknown>),
          root: parentSpanId === null,
          events: (events as unknown[]).length,
        };
      })
      .sort(byContent),
  ).sort(byContent);
}

describe('OTLP golden suite on Node and in workerd', () => {
  it('gives the same result on both hosts for every body', () => {
    expect(cases.length).toBeGreaterThan(12);
    for (const c of cases) {
      expect({ name: c.name, result: inWorkerd.get(c.name) }).toEqual({
        name: c.name,
        result: onNode.get(c.name),
      });
    }
  });

  it('decodes the real protobuf exporter, plain and gzip, into what the JSON exporter sends', () => {
    const contentTypes = new Set(capture.cases.map((c) => `${c.contentType} ${c.contentEncoding}`));
    expect(contentTypes).toEqual(
      new Set([
        'application/json undefined',
        'application/x-protobuf undefined',
        'application/x-protobuf gzip',
        'application/json gzip',
      ]),
    );
    const json = shapeOf('json');
    expect(json.flat()).toHaveLength(11);
    expect(shapeOf('protobuf')).toEqual(json);
    expect(shapeOf('protobuf-gzip')).toEqual(json);
    expect(shapeOf('json-gzip')).toEqual(json);
  });

  it('maps every hand-built protobuf field, plain and gzip', () => {
    const plain = onNode.get('hand-built');
    expect(onNode.get('hand-built-gzip')).toEqual(plain);
    if (!plain?.ok) {
      throw new Error(JSON.stringify(plain));
    }
    const [trace] = plain.traces as {
      externalId: string;
      sessionId: string;
      tags: string[];
      metadata: Record<string, unknown>;
      spans: Record<string, unknown>[];
    }[];
    expect(trace).toMatchObject({
      externalId: '0af7651916cd43dd8448eb211c80319c',
      sessionId: 'sess-golden',
      tags: ['a', 'b'],
      metadata: { 'service.name': 'golden' },
    });
    const [root, child] = trace!.spans;
    expect(root).toMatchObject({
      spanId: 'b7ad6b7169203331',
      parentSpanId: null,
      kind: 'AGENT',
      name: 'agent',
      startTime: 1700000000123.4568,
      endTime: 1700000000623.4568,
      input: 'Où est mon vol ? ✈️',
    });
    expect(root!.attributes).toMatchObject({
      retries: 3,
      big: '9223372036854775807',
      ratio: 0.25,
      ok: true,
      raw: 'AP8Q',
      nested: { k: 'v' },
    });
    expect(child).toMatchObject({
      spanId: '00f067aa0ba902b7',
      parentSpanId: 'b7ad6b7169203331',
      kind: 'TOOL',
      status: 'ERROR',
      statusMessage: 'not found',
      events: [{ name: 'exception', time: 1700000000223.4568 }],
    });
  });

  it('answers VALIDATION for invalid UTF-8, a truncated message and bytes that are not protobuf', () => {
    for (const name of ['invalid-utf8', 'truncated', 'not-protobuf']) {
      expect({ name, code: (onNode.get(name) as { code?: string }).code }).toEqual({
        name,
        code: 'VALIDATION',
      });
    }
    expect(onNode.get('invalid-utf8')).toMatchObject({
      message: 'invalid OTLP protobuf body: a string field is not valid UTF-8',
    });
  });
});
