import { type Column, eq, isNull, type SQL } from 'drizzle-orm';

/** Rows of the agent, or of no agent when `agentId` is null (traces with no agent are one set). */
export function ofAgent(agentColumn: Column, agentId: string | null): SQL {
  return agentId === null ? isNull(agentColumn) : eq(agentColumn, agentId);
}
