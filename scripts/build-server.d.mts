export const DIST_DIR: string;
export const DIST_ENTRY: string;
export type ServerBuildState = 'missing' | 'stale' | 'fresh';
export function serverBuildState(options?: {
  base?: string;
  checkSources?: boolean;
}): ServerBuildState;
export function buildServer(options?: { outDir?: string }): Promise<number>;
