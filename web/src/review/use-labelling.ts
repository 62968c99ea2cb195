import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { deleteFeedback, labelTrace } from '../lib/feedback';
import { setSearch } from '../lib/router';
import type { Rating } from '../lib/types';

type Done = {
  traceId: string;
  rating: Rating;
  previous: Rating | null;
  notes: string;
  feedbackId: Promise<string | null>;
};

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * This visit's labels on the traces `ids`, the note being written, and moving between traces:
 * a label saves in the background and moves on; undo takes back the last one.
 */
export function useLabelling(ids: string[], position: number) {
  const queryClient = useQueryClient();
  const currentId = ids[position] ?? null;
  const [done, setDone] = useState<Done[]>([]);
  const [labels, setLabels] = useState<Record<string, Rating>>({});
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  const go = useCallback(
    (index: number) => {
      const id = ids[Math.max(0, Math.min(ids.length - 1, index))];
      if (id) {
        setNotes('');
        setSearch({ trace: id });
      }
    },
    [ids],
  );

  const label = useCallback(
    (rating: Rating) => {
      if (!currentId) {
        return;
      }
      const previous = labels[currentId] ?? null;
      const note = notes.trim();
      setLabels((l) => ({ ...l, [currentId]: rating }));
      setError(null);
      // Saved in the background: the next trace shows at once; a failure is reported here.
      const feedbackId = labelTrace({ traceId: currentId, rating, notes: note || undefined })
        .then((f) => {
          void queryClient.invalidateQueries({ queryKey: ['trace', currentId] });
          for (const key of ['traces', 'agents', 'review-queue-detail', 'review-queues']) {
            void queryClient.invalidateQueries({ queryKey: [key] });
          }
          return f.id;
        })
        .catch((e: unknown) => {
          setError(messageOf(e));
          return null;
        });
      setDone((d) => [...d, { traceId: currentId, rating, previous, notes: note, feedbackId }]);
      go(position + 1);
    },
    [currentId, labels, notes, go, position, queryClient],
  );

  const undo = useCallback(() => {
    const last = done.at(-1);
    if (!last) {
      return;
    }
    setDone((d) => d.slice(0, -1));
    setLabels((l) => {
      const next = { ...l };
      if (last.previous) {
        next[last.traceId] = last.previous;
      } else {
        delete next[last.traceId];
      }
      return next;
    });
    last.feedbackId
      .then(async (id) => {
        if (last.previous) {
          await labelTrace({ traceId: last.traceId, rating: last.previous });
        } else if (id) {
          await deleteFeedback(id);
        }
      })
      .then(() => {
        void queryClient.invalidateQueries({ queryKey: ['agents'] });
        return queryClient.invalidateQueries({ queryKey: ['trace', last.traceId] });
      })
      .catch((e: unknown) => setError(messageOf(e)));
    setNotes(last.notes);
    setSearch({ trace: last.traceId });
  }, [done, queryClient]);

  return {
    currentId,
    position,
    count: ids.length,
    labels,
    canUndo: done.length > 0,
    notes,
    setNotes,
    error,
    go,
    label,
    undo,
  };
}

export type Labelling = ReturnType<typeof useLabelling>;
