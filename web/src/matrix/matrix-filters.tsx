import { useEvalVersions } from '../lib/evals';
import { setSearch } from '../lib/router';

export const PERIODS: Record<string, { text: string; ms: number }> = {
  '24h': { text: 'Last 24 hours', ms: 86_400_000 },
  '7d': { text: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { text: 'Last 30 days', ms: 30 * 86_400_000 },
};

export type MatrixFilterValues = {
  agentId: string | null;
  only: boolean;
  label: string;
  period: string;
  version: string;
};

/** The row filters; they live in the URL and narrow the rows, never the headline cards. */
export function MatrixFilters({ agentId, only, label, period, version }: MatrixFilterValues) {
  return (
    <>
      <label className="row">
        <input
          type="checkbox"
          checked={only}
          onChange={(e) => setSearch({ only: e.target.checked ? 'disagreements' : null })}
        />
        Only contradictions and errors
      </label>
      <select
        aria-label="Label"
        value={label}
        onChange={(e) => setSearch({ label: e.target.value || null })}
      >
        <option value="">Any label</option>
        <option value="positive">Good</option>
        <option value="negative">Bad</option>
        <option value="neutral">Neutral</option>
        <option value="unlabelled">Unlabelled</option>
      </select>
      <select
        aria-label="Time"
        value={period}
        onChange={(e) => setSearch({ period: e.target.value || null })}
      >
        <option value="">All time</option>
        {Object.entries(PERIODS).map(([key, p]) => (
          <option key={key} value={key}>
            {p.text}
          </option>
        ))}
      </select>
      <VersionFilter agentId={agentId} value={version} />
    </>
  );
}

/** Narrows the matrix to one version (the server's `evalIds`). */
function VersionFilter({ agentId, value }: { agentId: string | null; value: string }) {
  const versions = useEvalVersions(agentId);
  return (
    <select
      aria-label="Version"
      value={value}
      onChange={(e) => setSearch({ version: e.target.value || null, cell: null })}
    >
      <option value="">All versions</option>
      {(versions.data?.data ?? [])
        .filter((v) => v.status !== 'archived')
        .map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} v{v.version}
          </option>
        ))}
    </select>
  );
}
