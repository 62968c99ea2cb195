import type { ImportResult } from '@/traces/import/import-traces';
import { Link } from '../lib/router';

/**
 * What an import stored: counts, the agents its traces belong to, the records that could not be
 * imported, and where to go next.
 */
export function ImportSummary({ r }: { r: ImportResult }) {
  return (
    <section className="card stack" style={{ padding: 20, marginTop: 16 }} aria-live="polite">
      <h2 data-testid="import-result">
        Imported {r.tracesStored} traces ({r.created} new)
      </h2>
      <dl className="kv">
        <dt>Format</dt>
        <dd>{r.format ?? 'unknown'}</dd>
        <dt>Records read</dt>
        <dd>{r.records}</dd>
        <dt>Errors</dt>
        <dd>{r.errors}</dd>
      </dl>
      {r.agents.length > 0 ? (
        <table className="table" aria-label="Agents the traces belong to">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Traces of this import</th>
            </tr>
          </thead>
          <tbody>
            {r.agents.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/agents?agentId=${encodeURIComponent(a.id)}`}>{a.name}</Link>
                </td>
                <td className="mono">{a.traces}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {r.recordErrors.length > 0 ? (
        <table className="table" aria-label="Records that could not be imported">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {r.recordErrors.map((e) => (
              <tr key={`${e.line}-${e.message}`}>
                <td className="mono">{e.line || '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="row">
        <Link className="btn primary" to="/review">
          Review them
        </Link>
        <Link className="btn" to="/traces">
          Browse traces
        </Link>
      </div>
    </section>
  );
}
