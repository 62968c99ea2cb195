import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import type { Feedback, Rating } from './types';

/** Labels a trace as the current user (one label per user and trace: a second call updates it). */
export function labelTrace(input: { traceId: string; rating: Rating; notes?: string }) {
  return api.post<Feedback>('/v1/feedback', {
    traceId: input.traceId,
    rating: input.rating,
    ...(input.notes ? { notes: input.notes } : {}),
  });
}

export function deleteFeedback(id: string) {
  return api.delete<void>(`/v1/feedback/${encodeURIComponent(id)}`);
}

export function useLabelTrace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { traceId: string; rating: Rating | null; feedbackId?: string }) => {
      if (input.rating !== null) {
        await labelTrace({ traceId: input.traceId, rating: input.rating });
      } else if (input.feedbackId) {
        await deleteFeedback(input.feedbackId);
      }
    },
    onSuccess: (_, input) => {
      void queryClient.invalidateQueries({ queryKey: ['trace', input.traceId] });
      void queryClient.invalidateQueries({ queryKey: ['traces'] });
    },
  });
}
