import { type FormEvent, useState } from 'react';
import { navigate } from '../lib/router';
import { type ImportTau2, tasksetHref, useImportTau2 } from '../lib/tasksets';
import { WriteError, WriteSummary } from './write-result';

/** Reads a chosen file as JSON; a file that is not JSON fails with its name in the message. */
async function readJson(file: File, what: string): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} (${file.name}) is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Imports a tau2 `tasks.json` (and optionally its `split_tasks.json`) as a new taskset: task ids
 * and the file's split are kept.
 */
export function ImportTau2Form({ agentId }: { agentId: string }) {
  const [name, setName] = useState('');
  const [tasksFile, setTasksFile] = useState<File | null>(null);
  const [splitFile, setSplitFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<Error | null>(null);
  const importer = useImportTau2((r) => {
    if (r.duplicates.length === 0) {
      navigate(tasksetHref(r.taskset.id));
    }
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setReadError(null);
    importer.reset();
    if (!tasksFile) {
      return;
    }
    try {
      const tasks = await readJson(tasksFile, 'tasks.json');
      if (!Array.isArray(tasks)) {
        throw new Error(`tasks.json (${tasksFile.name}) must hold a JSON array of tasks`);
      }
      const splits = splitFile ? await readJson(splitFile, 'split_tasks.json') : undefined;
      importer.mutate({
        agentId,
        name: name || tasksFile.name.replace(/\.json$/i, ''),
        tasks: tasks as ImportTau2['tasks'],
        ...(splits === undefined ? {} : { splits: splits as ImportTau2['splits'] }),
      });
    } catch (error) {
      setReadError(error as Error);
    }
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Import tau2 tasks">
      <p className="text-2">
        A tau2-bench <code>tasks.json</code>, with its <code>split_tasks.json</code> to keep the
        benchmark's train / test split. Each task keeps its id; its user scenario drives a simulated
        user and its evaluation criteria become the task's expectations.
      </p>
      <label className="field">
        tasks.json
        <input
          type="file"
          accept=".json,application/json"
          required
          onChange={(e) => setTasksFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="field">
        split_tasks.json (optional)
        <input
          type="file"
          accept=".json,application/json"
          onChange={(e) => setSplitFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="field">
        Name
        <input
          maxLength={200}
          value={name}
          placeholder="defaults to the file's name"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="submit" className="btn primary" disabled={!tasksFile || importer.isPending}>
          {importer.isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
      <WriteError error={readError ?? importer.error} />
      {importer.data && importer.data.duplicates.length > 0 ? (
        <WriteSummary result={importer.data} lineOf={(i) => `task #${i + 1}`} />
      ) : null}
    </form>
  );
}
