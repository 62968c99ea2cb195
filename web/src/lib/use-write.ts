import { useMutation, useQueryClient } from '@tanstack/react-query';

/**
 * A write to the API: on success the queries under each of `keys` refetch and `onDone` gets what
 * the server answered. The one shape of the features' create/cancel/resume hooks.
 */
export function useWrite<In, Out>(
  keys: string[],
  send: (input: In) => Promise<Out>,
  onDone?: (out: Out) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (out) => {
      for (const key of keys) {
        void queryClient.invalidateQueries({ queryKey: [key] });
      }
      onDone?.(out);
    },
  });
}
