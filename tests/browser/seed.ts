import { asc } from 'drizzle-orm';
import type { Ctx, Deps } from '@/core/context';
import { workspaces } from '@/db/schema';
import { generateDemoTraces } from '@/demo/generate-demo-traces';
import type { NodeHost } from '@/hosts/node';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

/** The first-start login link the host printed; a host that printed none fails the suite. */
export function loginLinkOf(host: NodeHost): string {
  if (!host.firstStartLoginUrl) {
    throw new Error('the host printed no first-start login link');
  }
  return host.firstStartLoginUrl;
}

/** The first workspace (the one the first-start owner got). */
export async function firstWorkspaceId(deps: Deps): Promise<string> {
  const [row] = await deps.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .orderBy(asc(workspaces.createdAt))
    .limit(1);
  if (!row) {
    throw new Error('no workspace: the host did not bootstrap an owner');
  }
  return row.id;
}

/** Imports the demo data set (OpenAI-style transcripts, some labelled) into a workspace. */
export async function importDemo(deps: Deps, workspaceId: string, count = 30, seed = 7) {
  // dated up to an hour ago, so the dashboard's charts of the last days show them
  const newestAt = Date.now() - 3_600_000;
  const traces = generateDemoTraces({ seed, count, newestAt }).map((t) =>
    parseChatTranscript(t.transcript),
  );
  const ctx: Ctx = { ...deps, workspaceId, actor: { type: 'system' }, requestId: 'browser-seed' };
  return ingestTraces(ctx, { traces });
}
