import type { EvalVersion } from '../../lib/eval-types';
import { groupByName } from '../../lib/evals';
import { formatNumber } from '../../lib/format';
import { setSearch } from '../../lib/router';
import { EvalStatus } from './eval-metrics';

/** An agent's evals by name, each version a button showing its status and held-out kappa. */
export function EvalVersionList({
  versions,
  selectedId,
}: {
  versions: EvalVersion[];
  selectedId: string | undefined;
}) {
  return (
    <section aria-label="Eval versions" style={{ padding: 12 }}>
      {groupByName(versions).map(([name, list]) => (
        <div key={name} style={{ marginBottom: 14 }}>
          <h3 className="mono" style={{ padding: '4px 8px' }}>
            {name}
          </h3>
          {list.map((v) => (
            <button
              type="button"
              key={v.id}
              className="span-node"
              style={{ gridTemplateColumns: '40px 1fr auto' }}
              aria-current={selectedId === v.id ? 'true' : undefined}
              aria-label={`${name} version ${v.version}, ${v.status}`}
              onClick={() => setSearch({ eval: v.id, compare: null })}
            >
              <span className="mono">v{v.version}</span>
              <EvalStatus status={v.status} />
              <span className="muted mono" title="held-out kappa">
                κ {formatNumber(v.heldOutMetrics?.kappa)}
              </span>
            </button>
          ))}
        </div>
      ))}
    </section>
  );
}
