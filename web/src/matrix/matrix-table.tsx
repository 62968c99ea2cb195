import { LabelBadge } from '../components/label-badge';
import { CELL_WORD } from '../components/matrix-cell-panel';
import type { MatrixRow, MatrixVersion } from '../lib/eval-types';
import { setSearch } from '../lib/router';

type Cell = MatrixRow['cells'][number];

/** What a cell shows: agreement against a good/bad label, otherwise the eval's own verdict. */
function glyphOf(c: Cell) {
  switch (c.state) {
    case 'agree':
      return '✓';
    case 'contradiction':
      return '✕';
    case 'error':
      return '!';
    case 'neutral':
    case 'unlabelled':
      return c.status ?? '';
    default:
      return '';
  }
}

const CLASS: Record<Cell['state'], string> = {
  agree: 'agree',
  contradiction: 'disagree',
  error: 'error',
  neutral: 'neutral',
  unlabelled: 'unlabelled',
  not_run: 'not-run',
};

function cellName(version: number | undefined, c: Cell) {
  const verdict = c.state === 'neutral' || c.state === 'unlabelled' ? `: ${c.status}` : '';
  return `Version ${version ?? ''} ${CELL_WORD[c.state]}${verdict}`;
}

/** Traces down, versions across; a cell opens its detail (`cell` in the URL). */
export function MatrixTable(props: {
  versions: MatrixVersion[];
  rows: MatrixRow[];
  selected: string | null;
}) {
  const { versions, rows, selected } = props;
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  return (
    <table className="matrix" aria-label="Traces by eval versions">
      <thead>
        <tr>
          <th scope="col">Trace</th>
          <th scope="col">Human</th>
          {versions.map((v) => (
            <th key={v.id} scope="col" className="mono">
              v{v.version}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.trace.id}>
            <th
              scope="row"
              className="truncate"
              style={{ maxWidth: 380, fontWeight: 400, color: 'var(--text-2)' }}
              title={r.trace.inputPreview}
            >
              {r.trace.inputPreview || r.trace.id}
            </th>
            <td>
              <LabelBadge label={r.trace.label} />
            </td>
            {r.cells.map((c) => {
              const key = `${c.evalId}:${r.trace.id}`;
              return (
                <td
                  key={c.evalId}
                  className={`cell ${CLASS[c.state]}`}
                  style={
                    selected === key ? { boxShadow: 'inset 0 0 0 2px var(--accent)' } : undefined
                  }
                >
                  <button
                    type="button"
                    className="cell-button"
                    data-state={c.state}
                    aria-label={cellName(versionOf.get(c.evalId), c)}
                    onClick={() => setSearch({ cell: key }, false)}
                  >
                    {glyphOf(c)}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
