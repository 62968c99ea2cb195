import { useQuery } from '@tanstack/react-query';
import type { TraceMetadataKeys } from '@/traces/query/trace-metadata-keys';
import { api, qs } from '../lib/api';
import { formatCount } from '../lib/format';
import { setSearch } from '../lib/router';

/**
 * Filters the trace list by a metadata key (model, user, session, customer fields…) and one of
 * its values, both offered from the newest traces' metadata.
 */
export function MetadataFilter({
  agentId,
  metaKey,
  metaValue,
}: {
  agentId?: string;
  metaKey?: string;
  metaValue?: string;
}) {
  const keys = useQuery({
    queryKey: ['trace-metadata', agentId ?? null],
    queryFn: ({ signal }) =>
      api.get<TraceMetadataKeys>(`/v1/trace-metadata${qs({ agentId })}`, signal),
    staleTime: 60_000,
  });
  const list = keys.data?.data ?? [];
  if (list.length === 0 && !metaKey) {
    return null;
  }
  const chosen = list.find((k) => k.key === metaKey);
  const values = chosen?.values ?? [];
  return (
    <>
      <select
        aria-label="Metadata key"
        value={metaKey ?? ''}
        onChange={(e) => setSearch({ metaKey: e.target.value || null, metaValue: null })}
      >
        <option value="">Any metadata</option>
        {metaKey && !chosen ? <option value={metaKey}>{metaKey}</option> : null}
        {list.map((k) => (
          <option key={k.key} value={k.key}>
            {k.key}
          </option>
        ))}
      </select>
      {metaKey ? (
        <select
          aria-label={`Value of ${metaKey}`}
          value={metaValue ?? ''}
          onChange={(e) => setSearch({ metaValue: e.target.value || null })}
        >
          <option value="">Any {metaKey}</option>
          {metaValue && !values.some((v) => v.value === metaValue) ? (
            <option value={metaValue}>{metaValue}</option>
          ) : null}
          {values.map((v) => (
            <option key={v.value} value={v.value}>
              {v.value} ({formatCount(v.traces)})
            </option>
          ))}
        </select>
      ) : null}
    </>
  );
}
