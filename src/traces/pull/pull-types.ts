import type { NormalisedTrace } from '../normalised-trace';
import type { PlatformHttp } from './platform-http';

export const PULL_PLATFORMS = ['langfuse', 'langsmith', 'phoenix'] as const;
export type PullPlatform = (typeof PULL_PLATFORMS)[number];

export function isPullPlatform(kind: string): kind is PullPlatform {
  return (PULL_PLATFORMS as readonly string[]).includes(kind);
}

/** Where to pull from: a stored integration or CLI flags. `config` holds non-secret settings. */
export type PullSource = {
  platform: PullPlatform;
  baseUrl: string;
  secret: string | null;
  config: Record<string, unknown>;
};

/** Per stream (`traces`, `observations`, `runs`, `spans`): the newest record time pulled (ISO). */
export type PullCursor = Record<string, string>;

/** One page of a platform's records, already normalised. */
export type PullBatch = {
  stream: string;
  traces: NormalisedTrace[];
  records: number;
  /** Records that could not be normalised (skipped, reported). */
  errors: string[];
  /** The newest record time on this page (epoch ms), for the next incremental sync. */
  highWater: number | null;
  /** Records the platform says match, when it says (progress). */
  total?: number;
};

export type PullerInput = {
  http: PlatformHttp;
  source: PullSource;
  /** Lower bound for this sync per stream (ISO), already moved back by the overlap. */
  since: (stream: string) => string | null;
  pageSize: number;
  log: (line: string) => void;
};

export type Puller = (input: PullerInput) => AsyncGenerator<PullBatch>;
