import type { EvalComparison, EvalVersion } from '../../lib/eval-types';
import { useEvalComparison } from '../../lib/evals';
import { setSearch } from '../../lib/router';
import { ErrorState, Loading } from '../states';

type Side = EvalComparison['a'];
const ROWS: { key: string; label: string; get: (s: Side) => number | null | undefined }[] = [
  { key: 'ho-kappa', label: 'Held-out kappa', get: (s) => s.heldOutMetrics?.kappa },
  { key: 'ho-f1', label: 'Held-out F1', get: (s) => s.heldOutMetrics?.f1 },
  { key: 'ho-acc', label: 'Held-out accuracy', get: (s) => s.heldOutMetrics?.accuracy },
  {
    key: 'kappa',
    label: 'Kappa on labels it was not built from',
    get: (s) => s.agreement.kappa?.value,
  },
  { key: 'f1', label: 'F1 on labels it was not built from', get: (s) => s.agreement.f1?.value },
  {
    key: 'acc',
    label: 'Accuracy on labels it was not built from',
    get: (s) => s.agreement.accuracy?.value,
  },
];

/** The server's unified diff, without its file headers, one line per row. */
function PatchView({ patch, label }: { patch: string; label: string }) {
  const lines = patch
    .split('\n')
    .filter((l) => !/^(Index:|={10,}|--- |\+\+\+ |\\ No newline)/.test(l));
  return (
    <figure className="code-view" aria-label={label} style={{ margin: 0 }}>
      {lines.map((l, i) => {
        const kind = l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : '';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff order is fixed
          <div key={i} className={`line ${l.startsWith('@@') ? 'muted' : kind}`}>
            <span className="ln">{kind === 'add' ? '+' : kind === 'del' ? '−' : ''}</span>
            <code>{l.startsWith('@@') ? l : l.slice(1)}</code>
          </div>
        );
      })}
    </figure>
  );
}

export function EvalCompare({
  version,
  versions,
  otherId,
}: {
  version: EvalVersion;
  versions: EvalVersion[];
  otherId: string | null;
}) {
  const choices = versions.filter((v) => v.id !== version.id && v.name === version.name);
  const other =
    choices.find((v) => v.id === otherId) ??
    choices.find((v) => v.id === version.parentEvalId) ??
    choices[0];
  const comparison = useEvalComparison(other?.id ?? null, version.id);
  if (!other) {
    return (
      <p className="muted">This eval has a single version; refine it to get another to compare.</p>
    );
  }
  return (
    <div className="stack" data-testid="eval-compare">
      <label className="row">
        Compare v{version.version} with
        <select
          aria-label="Version to compare with"
          value={other.id}
          onChange={(e) => setSearch({ compare: e.target.value })}
        >
          {choices.map((v) => (
            <option key={v.id} value={v.id}>
              v{v.version} ({v.status})
            </option>
          ))}
        </select>
      </label>
      {comparison.isPending ? (
        <Loading rows={3} />
      ) : comparison.isError ? (
        <ErrorState error={comparison.error} retry={() => void comparison.refetch()} />
      ) : (
        <>
          <table className="table" aria-label="Metrics compared">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">v{comparison.data.a.version}</th>
                <th scope="col">v{comparison.data.b.version}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map((row) => {
                const a = row.get(comparison.data.a) ?? null;
                const b = row.get(comparison.data.b) ?? null;
                const d = a !== null && b !== null ? b - a : null;
                return (
                  <tr key={row.key}>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      {row.label}
                    </th>
                    <td className="mono">{a?.toFixed(3) ?? '—'}</td>
                    <td className="mono">{b?.toFixed(3) ?? '—'}</td>
                    <td
                      className="mono"
                      style={{
                        color:
                          d === null || d === 0 ? undefined : d > 0 ? 'var(--good)' : 'var(--bad)',
                      }}
                    >
                      {d === null ? '—' : `${d >= 0 ? '+' : ''}${d.toFixed(3)}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {[comparison.data.a, comparison.data.b]
            .filter((side) => side.agreement.executions === 0)
            .map((side) => (
              <p key={side.id} className="muted">
                v{side.version} has not run yet: run it to compare on the current labels.
              </p>
            ))}
          {comparison.data.sameCode ? (
            <p className="muted">The code is identical.</p>
          ) : (
            <PatchView
              patch={comparison.data.diff}
              label={`Code diff v${comparison.data.a.version} to v${comparison.data.b.version}`}
            />
          )}
        </>
      )}
    </div>
  );
}
