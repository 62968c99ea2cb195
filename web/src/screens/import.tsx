import { InlineJob } from '../components/job-progress';
import { PageHeader } from '../components/shell';
import { formatCount } from '../lib/format';
import { ImportForm } from '../traces/import-form';
import { ImportSummary } from '../traces/import-summary';
import { useImport } from '../traces/use-import';

/**
 * Uploads a JSONL or JSON file to the import route and shows what was stored. A large file (the
 * server answers 202) imports as a job: its progress shows here, then the same summary.
 */
export default function ImportScreen() {
  const state = useImport();
  const { started, result } = state;
  return (
    <>
      <PageHeader>
        <h1>Import traces</h1>
      </PageHeader>
      <div className="page-body" style={{ maxWidth: 760 }}>
        <ImportForm state={state} />
        {started ? (
          <div style={{ marginTop: 16 }}>
            <InlineJob
              key={started.jobId}
              id={started.jobId}
              title={`Importing ${formatCount(started.bytes)} bytes in the background`}
              onFinish={state.onJobFinish}
            />
          </div>
        ) : null}
        {result ? <ImportSummary r={result} /> : null}
      </div>
    </>
  );
}
