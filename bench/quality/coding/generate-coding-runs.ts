// A seeded generator of coding-agent transcripts (OpenAI-style messages with tool calls): the
// benchmark's second kind of agent. The same seed gives the same runs, byte for byte.
import { createSeededRandom } from '@/evals/metrics/seeded-random';
import { type CodingTruth, generateRun } from './coding-run';
import type { CodingMessage } from './coding-session';
import { type CodingTask, makeTask } from './coding-tasks';

/** One run in the import format (`id` + `messages`), with its task and hidden truth beside it. */
export type CodingRun = {
  task: CodingTask;
  run: number;
  record: { id: string; messages: CodingMessage[] };
  truth: CodingTruth;
};

export type CodingRunOptions = { seed?: number; tasks?: number; runsPerTask?: number };

/** Task i and its run r draw from their own stream, so adding tasks never changes earlier ones. */
const streamSeed = (seed: number, task: number, run: number) =>
  (Math.imul(seed, 0x9e3779b1) ^
    Math.imul(task + 1, 0x85ebca6b) ^
    Math.imul(run + 2, 0xc2b2ae35)) >>>
  0;

export function generateCodingRuns(options: CodingRunOptions = {}): CodingRun[] {
  const { seed = 1, tasks = 75, runsPerTask = 4 } = options;
  const runs: CodingRun[] = [];
  for (let t = 0; t < tasks; t++) {
    const task = makeTask(t, createSeededRandom(streamSeed(seed, t, -1)));
    for (let r = 0; r < runsPerTask; r++) {
      const { messages, truth } = generateRun(task, r, createSeededRandom(streamSeed(seed, t, r)));
      runs.push({ task, run: r, record: { id: `${task.id}-run-${r}`, messages }, truth });
    }
  }
  return runs;
}
