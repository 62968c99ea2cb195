import type { Spread } from './measure';
import type { Figure } from './report';

type Target = {
  measure: string;
  target: string;
  /** Which number of the figure the target is about, and whether it is met. */
  on: 'value' | 'ratio';
  met(median: number): boolean;
};

/**
 * The targets of issue #17 (absolute times on an idle 2-core machine; ratios in one run). A
 * benchmark tags the figure that answers one with `target: '<id>'`; `npm run bench` prints
 * them all, in this order, from one run.
 */
export const TARGETS = {
  'cli-help': { measure: '`iofold --help`', target: '< 300 ms', on: 'value', met: (v) => v < 300 },
  'cli-traces-list': {
    measure: '`iofold traces list` on the embedded database',
    target: '< 600 ms',
    on: 'value',
    met: (v) => v < 600,
  },
  'server-ready': {
    measure: 'server ready, no demo seeding',
    target: '< 1.5 s',
    on: 'value',
    met: (v) => v < 1500,
  },
  'ingest-otlp-json': {
    measure: 'OTLP JSON over HTTP',
    target: '>= 35% of the raw-insert baseline',
    on: 'ratio',
    met: (r) => r >= 0.35,
  },
  'ingest-otlp-protobuf': {
    measure: 'OTLP protobuf over HTTP',
    target: '>= 35% of the raw-insert baseline',
    on: 'ratio',
    met: (r) => r >= 0.35,
  },
  jobs: {
    measure: 'jobs',
    target: '>= 70% of the batched baseline',
    on: 'ratio',
    met: (r) => r >= 0.7,
  },
  'matrix-10k': {
    measure: 'matrix first page, 10k traces x 5 versions',
    target: 'p95 < 50 ms',
    on: 'value',
    met: (v) => v < 50,
  },
  'matrix-100k': {
    measure: 'matrix first page, 100k traces x 5 versions (scale)',
    target: 'p95 < 100 ms',
    on: 'value',
    met: (v) => v < 100,
  },
  'trace-list-1m-first': {
    measure: 'trace list at 1M traces, filtered, first page (scale)',
    target: 'p95 < 25 ms',
    on: 'value',
    met: (v) => v < 25,
  },
  'trace-list-1m-deep': {
    measure: 'trace list at 1M traces, filtered, deep page (scale)',
    target: 'p95 < 25 ms',
    on: 'value',
    met: (v) => v < 25,
  },
  'idle-rss': {
    measure: 'idle server RSS (no sandbox workers)',
    target: '< 120 MB',
    on: 'value',
    met: (v) => v < 120,
  },
} satisfies Record<string, Target>;

export type TargetId = keyof typeof TARGETS;

export type TargetRow = {
  id: TargetId;
  measure: string;
  target: string;
  /** Absent when no benchmark of the run measured it. */
  measured?: Spread & { figure: string; bench: string };
  unit?: string;
  met?: boolean;
};

/** One row per target, from the figures tagged with it (the first one wins). */
export function targetRows(results: { id: string; figures: Figure[] }[]): TargetRow[] {
  return (Object.entries(TARGETS) as [TargetId, Target][]).map(([id, t]) => {
    for (const result of results) {
      const figure = result.figures.find((f) => f.target === id);
      if (!figure) {
        continue;
      }
      const s = t.on === 'ratio' ? figure.ratio?.value : figure.value;
      if (!s) {
        continue;
      }
      return {
        id,
        measure: t.measure,
        target: t.target,
        measured: { figure: figure.name, bench: result.id, ...s },
        unit: t.on === 'ratio' ? `of ${figure.ratio?.of}` : figure.unit,
        met: t.met(s.median),
      };
    }
    return { id, measure: t.measure, target: t.target };
  });
}
