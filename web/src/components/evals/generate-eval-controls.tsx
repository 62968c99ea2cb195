import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { useGenerateEval } from '../../lib/evals';
import { Link, setSearch } from '../../lib/router';
import type { Job } from '../../lib/types';
import { abstentionOf } from './generation-answer';

/**
 * The job the Evals screen started (?job=): while it runs the eval list is polled too; when it
 * ends the eval queries refetch, a generation's answer is kept and a new version is opened.
 */
export function useEvalJob(jobId: string | null) {
  const queryClient = useQueryClient();
  const [finished, setFinished] = useState<string | null>(null);
  const [answer, setAnswer] = useState<ReturnType<typeof abstentionOf>>(null);
  const onFinish = useCallback(
    (job: Job) => {
      setFinished(job.id);
      setAnswer(abstentionOf(job));
      for (const key of ['evals', 'eval', 'eval-compare', 'matrix']) {
        void queryClient.invalidateQueries({ queryKey: [key] });
      }
      const evalId = (job.result as { evalId?: string | null } | null)?.evalId;
      if (job.status === 'succeeded' && evalId && job.type !== 'eval.execute') {
        setSearch({ eval: evalId, tab: null });
      }
    },
    [queryClient],
  );
  return { polling: Boolean(jobId) && finished !== jobId, answer, setAnswer, onFinish };
}

/** Starts a generation and follows its job on the page (`?job=`). */
export function startGeneration(
  generate: ReturnType<typeof useGenerateEval>,
  force: boolean,
  onStart: () => void,
) {
  generate.mutate(
    { force },
    {
      onSuccess: (r) => {
        onStart();
        setSearch({ job: r.jobId });
      },
    },
  );
}

/** The Evals header's actions: open the matrix, and generate an eval (even below the baseline). */
export function GenerateEvalControls({
  agentId,
  generate,
  shortfall,
  onStart,
}: {
  agentId: string;
  generate: ReturnType<typeof useGenerateEval>;
  /** The labels still to add before generation can start (the server refuses until then). */
  shortfall: string | null;
  onStart: () => void;
}) {
  const [force, setForce] = useState(false);
  return (
    <>
      <Link className="btn" to={`/matrix?agentId=${agentId}`}>
        Open matrix
      </Link>
      <label
        className="row"
        title="Create a version even when no candidate clearly agrees with your labels better than always giving the verdict most of them have"
      >
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        Even if no better than always giving one verdict
      </label>
      {shortfall ? (
        <span className="muted" data-testid="generate-shortfall">
          Label {shortfall} to generate
        </span>
      ) : null}
      <button
        type="button"
        className="btn primary"
        disabled={generate.isPending}
        onClick={() => startGeneration(generate, force, onStart)}
      >
        {generate.isPending ? 'Starting…' : 'Generate eval'}
      </button>
    </>
  );
}
