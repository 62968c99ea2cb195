import { useState } from 'react';
import { useAgent } from '../lib/agents';
import type { NewRun } from '../lib/runs';

/** What a run runs: an agent version (the active one unless picked) or a prompt text. */
export function useRunTarget(agentId: string) {
  const agent = useAgent(agentId);
  const [byPrompt, setByPrompt] = useState(false);
  const [versionId, setVersionId] = useState('');
  const [promptText, setPromptText] = useState('');
  const versions = agent.data?.versions ?? [];
  const version = versions.find((v) => v.id === versionId);
  const input: Pick<NewRun, 'promptText' | 'agentVersionId'> = byPrompt
    ? { promptText }
    : version
      ? { agentVersionId: version.id }
      : {};
  return {
    input,
    byPrompt,
    setByPrompt,
    versions,
    version,
    setVersionId,
    promptText,
    setPromptText,
  };
}

type RunTarget = ReturnType<typeof useRunTarget>;

/** The 'Run' select and, for a version, the agent version select. */
export function RunTargetFields({ state }: { state: RunTarget }) {
  return (
    <>
      <label className="field">
        Run
        <select
          data-testid="run-target"
          value={state.byPrompt ? 'prompt' : 'version'}
          onChange={(e) => state.setByPrompt(e.target.value === 'prompt')}
        >
          <option value="version">An agent version</option>
          <option value="prompt">A prompt text</option>
        </select>
      </label>
      {state.byPrompt ? null : (
        <label className="field">
          Agent version
          <select
            value={state.version?.id ?? ''}
            onChange={(e) => state.setVersionId(e.target.value)}
          >
            <option value="">The active version</option>
            {state.versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version} · {v.status}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

/** The prompt text to run, when the run runs a prompt text. */
export function PromptTextField({ state }: { state: RunTarget }) {
  if (!state.byPrompt) {
    return null;
  }
  return (
    <label className="field">
      Prompt text (a candidate system prompt; {'{{variables}}'} are filled from each task)
      <textarea
        rows={4}
        required
        maxLength={200_000}
        value={state.promptText}
        onChange={(e) => state.setPromptText(e.target.value)}
      />
    </label>
  );
}
