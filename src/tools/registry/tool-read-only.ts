/**
 * Whether a tool has no side effects: the user's flag when they set one, else the MCP
 * `readOnlyHint` annotation; a tool with neither is treated as writing.
 */
export function isReadOnlyTool(input: {
  userFlag?: boolean | null;
  annotations?: Record<string, unknown> | null;
}): boolean {
  if (typeof input.userFlag === 'boolean') {
    return input.userFlag;
  }
  return input.annotations?.readOnlyHint === true;
}
