import type { EvalView } from '@/core/eval-view';
import { stableHash } from '@/traces/stable-hash';
import { traceContentKey } from './content-key';
import { unionFind } from './union-find';

export type GroupOptions = {
  /** Metadata keys naming a task; the first present one groups traces (default task ids). */
  metadataKeys?: string[];
  /** Jaccard similarity of first-user-message words at or above which traces group (default 0.8). */
  similarity?: number;
};

const DEFAULT_KEYS = ['task_id', 'taskId', 'task', 'example_id', 'dataset_item_id', 'group_id'];

/**
 * A group id per trace, so near-duplicates (trials of one task, the same request) share a fold:
 * by a metadata task key when the trace has one, else by similar normalised first user messages.
 */
export function groupTraces(views: EvalView[], options: GroupOptions = {}): string[] {
  const keys = options.metadataKeys ?? DEFAULT_KEYS;
  const threshold = options.similarity ?? 0.8;
  const out: string[] = new Array(views.length);
  const loose: { index: number; words: Set<string>; text: string }[] = [];
  views.forEach((view, index) => {
    for (const key of keys) {
      const value = view.metadata?.[key];
      if (value !== undefined && value !== null && value !== '') {
        out[index] = `meta:${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
        return;
      }
    }
    const text = normalise(firstUserMessage(view));
    loose.push({ index, words: new Set(text.split(' ').filter(Boolean)), text });
  });
  // Union-find over traces without a task key; quadratic, fine for labelled sets (hundreds).
  const sets = unionFind(loose.length);
  for (let a = 0; a < loose.length; a++) {
    for (let b = a + 1; b < loose.length; b++) {
      const x = loose[a] as (typeof loose)[number];
      const y = loose[b] as (typeof loose)[number];
      if (x.text === y.text || jaccard(x.words, y.words) >= threshold) {
        sets.join(a, b);
      }
    }
  }
  loose.forEach((entry, i) => {
    out[entry.index] = `text:${(loose[sets.find(i)] as (typeof loose)[number]).index}`;
  });
  return out;
}

/**
 * Finer keys of a trace, coarse to fine, for splitting a group too large to be one task
 * (`makeGroupedFolds`): its metadata task key (else its normalised first user message), its exact
 * first user message, its content (dates masked): what the trace says, never its id or position.
 */
export function finerKeys(view: EvalView, options: GroupOptions = {}): string[] {
  const first = firstUserMessage(view);
  return [
    stableHash(taskKey(view, options)),
    stableHash(first.trim()),
    traceContentKey(view)[0] as string,
  ];
}

/** The task a trace belongs to, unhashed (finerKeys' first key): its metadata task key, else its normalised first user message. */
export function taskKey(view: EvalView, options: GroupOptions = {}): string {
  const keys = options.metadataKeys ?? DEFAULT_KEYS;
  const key = keys.find((k) => {
    const value = view.metadata?.[k];
    return value !== undefined && value !== null && value !== '';
  });
  return key === undefined
    ? `text:${normalise(firstUserMessage(view))}`
    : `meta:${key}=${JSON.stringify(view.metadata?.[key])}`;
}

function firstUserMessage(view: EvalView): string {
  const m = (view.messages ?? []).find((x) => x.role === 'user');
  if (m) {
    return m.content;
  }
  return typeof view.input === 'string' ? view.input : JSON.stringify(view.input ?? '');
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[0-9]+/g, '0')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) {
    return 1;
  }
  let inter = 0;
  for (const w of a) {
    if (b.has(w)) {
      inter++;
    }
  }
  return inter / (a.size + b.size - inter);
}
