import type { EvalVersion } from '../../lib/eval-types';
import { type EvalVerb, useEvalAction } from '../../lib/evals';
import { ConfirmButton } from '../confirm-button';

/**
 * What can be done with a version. Activating (or rolling back) asks first, since it changes
 * which version judges new traces, and then runs the version on the traces it has not judged.
 */
export function EvalActions({
  version,
  versions,
  onJob,
}: {
  version: EvalVersion;
  versions: EvalVersion[];
  onJob: (jobId: string) => void;
}) {
  const action = useEvalAction();
  const parent = versions.find((v) => v.id === version.parentEvalId);
  const active = versions.find((v) => v.name === version.name && v.status === 'active');
  const act = (verb: EvalVerb) =>
    action.mutate(
      { id: version.id, verb },
      {
        onSuccess: (r) => {
          const jobId = r.jobId ?? r.runJobId;
          if (jobId) {
            onJob(jobId);
          }
        },
      },
    );
  const open = version.status !== 'active' && version.status !== 'archived';
  return (
    <>
      {open ? (
        <ConfirmButton
          className="btn sm primary"
          tone="primary"
          label="Activate"
          confirmLabel={
            active
              ? `Replace v${active.version} with v${version.version} and run it`
              : `Activate v${version.version} and run it`
          }
          title="The active version judges every new trace; it runs now on the traces it has not judged"
          pending={action.isPending}
          onConfirm={() => act('activate')}
        />
      ) : null}
      {version.status === 'active' && parent ? (
        <ConfirmButton
          label={`Roll back to v${parent.version}`}
          confirmLabel={`Make v${parent.version} active again`}
          tone="primary"
          pending={action.isPending}
          onConfirm={() => act('rollback')}
        />
      ) : null}
      <button
        type="button"
        className="btn sm"
        disabled={action.isPending}
        onClick={() => act('run')}
      >
        Run on all traces
      </button>
      <button
        type="button"
        className="btn sm"
        disabled={action.isPending}
        onClick={() => act('refine')}
      >
        Refine
      </button>
      {open ? (
        <button
          type="button"
          className="btn sm ghost"
          disabled={action.isPending}
          onClick={() => act('archive')}
        >
          Archive
        </button>
      ) : null}
      {action.isError ? (
        <p className="alert error" role="alert" style={{ flexBasis: '100%' }}>
          {action.error.message}
        </p>
      ) : null}
    </>
  );
}
