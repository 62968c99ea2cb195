import { useEffect, useMemo } from 'react';
import { useEvalExport } from '../../lib/evals';
import { ErrorState, Loading } from '../states';

/** The exported files (module, pytest file, labelled cases), each downloadable. */
export function EvalExport({ id }: { id: string }) {
  const files = useEvalExport(id, true);
  const links = useMemo(
    () =>
      (files.data?.files ?? []).map((f) => ({
        ...f,
        url: URL.createObjectURL(new Blob([f.content], { type: 'text/plain' })),
      })),
    [files.data],
  );
  useEffect(
    () => () => {
      for (const l of links) {
        URL.revokeObjectURL(l.url);
      }
    },
    [links],
  );
  if (files.isPending) {
    return <Loading rows={2} />;
  }
  if (files.isError) {
    return <ErrorState error={files.error} retry={() => void files.refetch()} />;
  }
  return (
    <div className="stack" data-testid="eval-export">
      <p className="text-2">
        A standalone Python module, a pytest file and the labelled cases it runs on: the eval works
        outside iofold with <code>pytest</code>.
      </p>
      <ul className="stack" style={{ gap: 6, paddingLeft: 18, margin: 0 }}>
        {links.map((f) => (
          <li key={f.path}>
            <a href={f.url} download={f.path.split('/').at(-1)}>
              {f.path}
            </a>{' '}
            <span className="muted">{f.content.length.toLocaleString()} characters</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
