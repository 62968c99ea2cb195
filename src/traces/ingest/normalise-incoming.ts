import { z } from '@hono/zod-openapi';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { NormalisedTrace } from '../normalised-trace';
import { assertTimesInRange } from './assert-times-in-range';
import { isExactNormalisedTrace } from './exact-normalised';
import { mergeTraces } from './merge-traces';
import { traceRowId } from './span-rows';

const NormalisedTraces = z.array(NormalisedTrace);

function validate(input: unknown[], now: Date, owned: boolean): NormalisedTrace[] {
  if (owned && input.every(isExactNormalisedTrace)) {
    assertTimesInRange(input, now);
    return input;
  }
  const parsed = NormalisedTraces.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'invalid traces', {
      details: {
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  assertTimesInRange(parsed.data, now);
  return parsed.data;
}

const floor = (v: number | null) => (v === null ? null : Math.floor(v));

/**
 * Times as the database keeps them (whole milliseconds), so a re-sent trace derives the same
 * columns. In place: `validate` answers Zod's copy of the input, or input its caller owns, which
 * nothing else holds.
 */
function toStoredPrecision(t: NormalisedTrace): NormalisedTrace {
  t.startTime = floor(t.startTime);
  t.endTime = floor(t.endTime);
  for (const s of t.spans) {
    s.startTime = Math.floor(s.startTime);
    s.endTime = floor(s.endTime);
  }
  return t;
}

/**
 * The traces of one ingest call, validated, at stored precision and keyed by their row id; parts
 * of one trace sent in the same call are merged. `owned`: the caller's own fresh traces (a
 * parser's output), used as they are when already exact.
 */
export function normaliseIncoming(
  ctx: Pick<Ctx, 'workspaceId' | 'now'>,
  traces: unknown[],
  owned: boolean,
): Map<string, NormalisedTrace> {
  const incoming = new Map<string, NormalisedTrace>();
  for (const t of validate(traces, ctx.now(), owned).map(toStoredPrecision)) {
    const id = traceRowId(ctx.workspaceId, t.source, t.externalId);
    const seen = incoming.get(id);
    incoming.set(id, seen ? mergeTraces(seen, t) : t);
  }
  return incoming;
}
