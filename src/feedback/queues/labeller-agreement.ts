import { z } from '@hono/zod-openapi';
import { RATINGS } from '@/db/schema';

type Rating = (typeof RATINGS)[number];

/** One label: who gave which rating to which trace. */
export type QueueLabel = { traceId: string; labeller: string; rating: Rating };

export const LabellerPairAgreement = z
  .object({
    labellers: z.tuple([z.string(), z.string()]).openapi({ description: 'Labeller keys' }),
    traces: z.number().int().openapi({ description: 'Traces both labelled' }),
    agreement: z.number().openapi({ description: 'Share of those traces with the same rating' }),
    kappa: z
      .number()
      .nullable()
      .openapi({ description: "Cohen's kappa (null when chance agreement is 1)" }),
  })
  .openapi('LabellerPairAgreement');
export type LabellerPairAgreement = z.infer<typeof LabellerPairAgreement>;

export const QueueAgreement = z
  .object({
    traces: z.number().int().openapi({ description: 'Traces labelled by two or more labellers' }),
    pairs: z.number().int().openapi({ description: 'Pairs of labels on the same trace' }),
    agreement: z
      .number()
      .nullable()
      .openapi({ description: 'Share of those pairs with the same rating (null without pairs)' }),
    kappa: z.number().nullable().openapi({
      description:
        "Cohen's kappa; with more than two labellers the mean of each pair's kappa (Light's kappa)",
    }),
    byPair: z.array(LabellerPairAgreement),
  })
  .openapi('QueueAgreement');
export type QueueAgreement = z.infer<typeof QueueAgreement>;

/** Cohen's kappa over the three ratings for two labellers' ratings of the same traces. */
export function cohenKappaOf(pairs: [Rating, Rating][]): number | null {
  const n = pairs.length;
  if (n === 0) {
    return null;
  }
  const observed = pairs.filter(([a, b]) => a === b).length / n;
  let expected = 0;
  for (const rating of RATINGS) {
    const a = pairs.filter(([x]) => x === rating).length / n;
    const b = pairs.filter(([, y]) => y === rating).length / n;
    expected += a * b;
  }
  return expected >= 1 ? null : (observed - expected) / (1 - expected);
}

/**
 * Agreement between labellers who labelled the same traces: per pair of labellers their shared
 * traces, percent agreement and Cohen's kappa; overall the share of agreeing label pairs and the
 * mean of the pairs' kappas (Cohen's kappa itself when two people labelled).
 */
export function labellerAgreement(labels: QueueLabel[]): QueueAgreement {
  const byTrace = new Map<string, Map<string, Rating>>();
  for (const { traceId, labeller, rating } of labels) {
    const ratings = byTrace.get(traceId) ?? new Map<string, Rating>();
    ratings.set(labeller, rating);
    byTrace.set(traceId, ratings);
  }
  const byPair = new Map<string, { labellers: [string, string]; ratings: [Rating, Rating][] }>();
  let traces = 0;
  for (const ratings of byTrace.values()) {
    const entries = [...ratings].sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length > 1) {
      traces += 1;
    }
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [a, ra] = entries[i] as [string, Rating];
        const [b, rb] = entries[j] as [string, Rating];
        const key = `${a}\u0000${b}`;
        const pair = byPair.get(key) ?? { labellers: [a, b], ratings: [] };
        pair.ratings.push([ra, rb]);
        byPair.set(key, pair);
      }
    }
  }
  const pairs = [...byPair.values()].map(({ labellers, ratings }) => ({
    labellers,
    traces: ratings.length,
    agreement: ratings.filter(([a, b]) => a === b).length / ratings.length,
    kappa: cohenKappaOf(ratings),
  }));
  const all = pairs.reduce((n, p) => n + p.traces, 0);
  const agreeing = pairs.reduce((n, p) => n + p.agreement * p.traces, 0);
  const kappas = pairs.map((p) => p.kappa).filter((k): k is number => k !== null);
  return {
    traces,
    pairs: all,
    agreement: all ? Math.round((agreeing / all) * 1e9) / 1e9 : null,
    kappa: kappas.length ? kappas.reduce((s, k) => s + k, 0) / kappas.length : null,
    byPair: pairs.sort((x, y) => y.traces - x.traces),
  };
}
