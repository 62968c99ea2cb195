import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import type { Feedback, Rating } from './types';

export type LabelInput = { traceId: string; rating: Rating | null; notes?: string };

/** Sets (or, with rating null, removes) the current user's label on a trace. */
export async function saveLabel(input: LabelInput): Promise<Feedback | null> {
  if (input.rating === null) {
    await api.delete(`/v1/traces/${encodeURIComponent(input.traceId)}/feedback`);
    return null;
  }
  return api.put<Feedback>(`/v1/traces/${encodeURIComponent(input.traceId)}/feedback`, {
    rating: input.rating,
    ...(input.notes ? { notes: input.notes } : {}),
  });
}

export function useSaveLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveLabel,
    onSuccess: (_, input) => {
      void queryClient.invalidateQueries({ queryKey: ['trace', input.traceId] });
      void queryClient.invalidateQueries({ queryKey: ['traces'] });
      void queryClient.invalidateQueries({ queryKey: ['review-progress'] });
    },
  });
}
