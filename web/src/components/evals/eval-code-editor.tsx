import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { EvalCodeCheck } from '@/evals/versions/check-eval-code';
import { api } from '../../lib/api';
import type { EvalVersion } from '../../lib/eval-types';
import { setSearch } from '../../lib/router';

/** The draft as it stands once typing pauses for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Edits a version's code: the sandbox checks the draft as you type (Python's own parser, the
 * check saving runs), and saving adds it as the next candidate version of the same eval.
 */
export function EvalCodeEditor({
  version,
  code,
  onClose,
}: {
  version: EvalVersion;
  code: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(code);
  const settled = useSettled(draft, 400);
  const check = useQuery({
    queryKey: ['eval-check', settled],
    queryFn: () => api.post<EvalCodeCheck>('/v1/evals/check', { code: settled }),
    enabled: settled.trim() !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });
  const save = useMutation({
    mutationFn: () =>
      api.post<EvalVersion>('/v1/evals', {
        agentId: version.agentId,
        code: draft,
        parentEvalId: version.id,
      }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['evals'] });
      setSearch({ eval: created.id, tab: 'code', compare: null });
      onClose();
    },
  });
  const current = settled === draft && check.data ? check.data : null;
  const ready = current?.ok === true && draft !== code;
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="eval-code-editor">
      <div aria-live="polite" data-testid="eval-code-check">
        {check.isError ? (
          <p className="alert error" role="alert">
            {check.error.message}
          </p>
        ) : !current ? (
          <span className="muted">Checking in the sandbox…</span>
        ) : current.ok ? (
          <span className="badge good">
            <span className="dot" />
            {draft === code
              ? `No changes yet (defines ${current.functionName})`
              : `Checks pass: defines ${current.functionName}`}
          </span>
        ) : (
          <ul className="alert error" style={{ margin: 0, paddingLeft: 22 }}>
            {current.issues.map((i) => (
              <li key={`${i.line}:${i.column}:${i.message}`}>
                line {i.line}: {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <textarea
        aria-label={`Code of ${version.name}, editing`}
        className="mono"
        spellCheck={false}
        rows={Math.min(24, Math.max(12, draft.split('\n').length + 2))}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="row">
        <button
          type="button"
          className="btn sm primary"
          disabled={!ready || save.isPending}
          onClick={() => save.mutate()}
        >
          Save as a new version
        </button>
        <button type="button" className="btn sm" onClick={onClose}>
          Cancel
        </button>
        <span className="muted">
          Saved as a candidate after v{version.version}; activate it when its agreement is right.
        </span>
      </div>
      {save.isError ? (
        <p className="alert error" role="alert">
          {save.error.message}
        </p>
      ) : null}
    </div>
  );
}
