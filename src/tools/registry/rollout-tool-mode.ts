import type { ToolMode } from './bind-agent-tool';

/**
 * The mode a bound tool actually runs in during a rollout. Safe by default: `live` only for a
 * read-only tool, or when the binding or the run explicitly accepts side effects; any other
 * live binding falls back to replay (and the router simulates a replay miss).
 */
export function rolloutToolMode(input: {
  mode: ToolMode;
  readOnly: boolean;
  bindingAllowsSideEffects: boolean;
  runAllowsSideEffects?: boolean;
}): ToolMode {
  if (input.mode !== 'live') {
    return input.mode;
  }
  const accepted = input.bindingAllowsSideEffects || input.runAllowsSideEffects === true;
  return input.readOnly || accepted ? 'live' : 'replay';
}
