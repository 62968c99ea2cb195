import { describe, expect, it } from 'vitest';
import type { LabelledTraceRow } from '../internal';
import { makeView } from '../synth/testing/make-view';
import { explainAbstention } from './explain-abstention';

const rows = (positives: number, negatives: number): LabelledTraceRow[] =>
  Array.from({ length: positives + negatives }, (_, i) => ({
    id: `t${i}`,
    view: makeView([{ user: `ticket ${i}` }]),
    label: i < positives ? 'positive' : 'negative',
  }));

describe('explainAbstention advice on notes', () => {
  it('asks for notes only when a model reads them', () => {
    for (const labelled of [rows(30, 3), rows(20, 20)]) {
      const without = explainAbstention(null, null, labelled).labelNext;
      const withModel = explainAbstention(null, null, labelled, { notesRead: true }).labelNext;
      expect(without).toMatch(/^Label more traces/);
      expect(without).not.toMatch(/note/);
      expect(withModel).toMatch(/note/);
    }
  });
});
