import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const GENERATED = 'src/traces/parsers/otlp/generated';
const out = mkdtempSync(join(tmpdir(), 'iofold-proto-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)],
    );
  return Object.fromEntries(walk(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
}

describe('generated OTLP decoders', () => {
  it('are what `npm run proto:generate` makes from proto/ (regenerate after editing either)', () => {
    execFileSync('npx', [
      'buf',
      'generate',
      'proto',
      '--template',
      'proto/buf.gen.yaml',
      '-o',
      out,
    ]);
    const fresh = files(join(out, GENERATED));
    expect(Object.keys(fresh).sort()).toEqual([
      'opentelemetry/proto/collector/trace/v1/trace_service.ts',
      'opentelemetry/proto/common/v1/common.ts',
      'opentelemetry/proto/resource/v1/resource.ts',
      'opentelemetry/proto/trace/v1/trace.ts',
    ]);
    expect(files(GENERATED)).toEqual(fresh);
  });
});
