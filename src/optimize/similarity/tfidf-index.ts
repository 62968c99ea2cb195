import type { TermCounts } from './task-terms';

export type Neighbour = { id: string; score: number };

/** Unit-length TF-IDF vectors of a corpus, with postings (term → documents) for fast queries. */
export type TfidfIndex = {
  ids: string[];
  /** Per document: its terms' numbers and weights (the vector has length 1). */
  vectors: { terms: Int32Array; weights: Float64Array }[];
  postings: { docs: Int32Array; weights: Float64Array }[];
};

/**
 * Builds the index: sublinear term frequency (1 + ln tf), smoothed idf (ln((1+N)/(1+df)) + 1),
 * each vector normalised to length 1 so a dot product is the cosine.
 */
export function buildTfidfIndex(docs: { id: string; terms: TermCounts }[]): TfidfIndex {
  const termIds = new Map<string, number>();
  const df: number[] = [];
  for (const doc of docs) {
    for (const term of doc.terms.keys()) {
      let t = termIds.get(term);
      if (t === undefined) {
        t = termIds.size;
        termIds.set(term, t);
        df.push(0);
      }
      df[t] = (df[t] ?? 0) + 1;
    }
  }
  const n = docs.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  const postingSize = new Int32Array(df.length);
  const vectors = docs.map((doc) => {
    const terms = new Int32Array(doc.terms.size);
    const weights = new Float64Array(doc.terms.size);
    let norm = 0;
    let i = 0;
    for (const [term, tf] of doc.terms) {
      const t = termIds.get(term) as number;
      const w = tf > 0 ? (1 + Math.log(tf)) * (idf[t] ?? 1) : 0;
      terms[i] = t;
      weights[i++] = w;
      norm += w * w;
      postingSize[t] = (postingSize[t] ?? 0) + 1;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < weights.length; j++) {
      weights[j] = (weights[j] ?? 0) * scale;
    }
    return { terms, weights };
  });
  const postings = [...postingSize].map((size) => ({
    docs: new Int32Array(size),
    weights: new Float64Array(size),
  }));
  const filled = new Int32Array(df.length);
  vectors.forEach((v, d) => {
    for (let j = 0; j < v.terms.length; j++) {
      const t = v.terms[j] as number;
      const p = postings[t] as TfidfIndex['postings'][number];
      const at = filled[t] as number;
      p.docs[at] = d;
      p.weights[at] = v.weights[j] as number;
      filled[t] = at + 1;
    }
  });
  return { ids: docs.map((d) => d.id), vectors, postings };
}

/**
 * The `k` documents most similar (cosine) to document `doc`, best first, itself excluded; ties
 * by id. Walks only the postings of the document's own terms, so its cost is the documents that
 * share a term with it, not the whole corpus. `scratch` (length = corpus) may be reused.
 */
export function nearestNeighbours(
  index: TfidfIndex,
  doc: number,
  k: number,
  scratch = new Float64Array(index.ids.length),
): Neighbour[] {
  const v = index.vectors[doc];
  if (!v) {
    return [];
  }
  const touched: number[] = [];
  for (let j = 0; j < v.terms.length; j++) {
    const p = index.postings[v.terms[j] as number] as TfidfIndex['postings'][number];
    const w = v.weights[j] as number;
    for (let i = 0; i < p.docs.length; i++) {
      const other = p.docs[i] as number;
      if (scratch[other] === 0) {
        touched.push(other);
      }
      scratch[other] = (scratch[other] as number) + w * (p.weights[i] as number);
    }
  }
  const best: Neighbour[] = [];
  for (const other of touched) {
    const score = scratch[other] as number;
    scratch[other] = 0;
    if (other !== doc) {
      keepBest(best, { id: index.ids[other] as string, score }, k);
    }
  }
  return best;
}

const before = (a: Neighbour, b: Neighbour) =>
  a.score > b.score || (a.score === b.score && a.id < b.id);

/** Inserts `n` into `best` (sorted, at most `k` long) when it ranks among the first `k`. */
export function keepBest(best: Neighbour[], n: Neighbour, k: number): void {
  if (best.length === k && !before(n, best[k - 1] as Neighbour)) {
    return;
  }
  let at = best.length;
  while (at > 0 && before(n, best[at - 1] as Neighbour)) {
    at--;
  }
  best.splice(at, 0, n);
  if (best.length > k) {
    best.pop();
  }
}
