import type { TraceSummaryBody } from './traces';

/** The body's keys in the order a packed body stores their values. */
const KEYS = [
  'goal',
  'firstUserMessage',
  'userText',
  'turns',
  'userTurns',
  'assistantTurns',
  'toolCalls',
  'tools',
  'errors',
  'errorCount',
  'handoffs',
  'finalMessageKind',
  'finalAnswer',
] as const satisfies readonly (keyof TraceSummaryBody)[];

const SAME_AS_GOAL = 0;

/**
 * A trace summary body as stored (issue #24): a summary row per trace repeated thirteen keys and
 * the first user message up to three times (goal, first message, every user turn). Packed, it is
 * an array of the values in `KEYS` order, the first message as 0 when it equals the goal and the
 * user text as `[rest]` when it starts with the first message. Any other value is stored as it is.
 */
export function packSummaryBody(body: TraceSummaryBody): unknown {
  const keys = Object.keys(body);
  if (keys.length !== KEYS.length || !KEYS.every((k) => k in body)) {
    return body;
  }
  const { goal, firstUserMessage: first, userText } = body;
  const values: unknown[] = KEYS.map((k) => body[k]);
  if (first !== null && first === goal) {
    values[1] = SAME_AS_GOAL;
  }
  if (typeof first === 'string' && userText?.startsWith(`${first}\n`)) {
    values[2] = [userText.slice(first.length + 1)];
  }
  return values;
}

export function unpackSummaryBody(stored: unknown): TraceSummaryBody {
  if (!Array.isArray(stored)) {
    return stored as TraceSummaryBody;
  }
  const body = Object.fromEntries(KEYS.map((k, i) => [k, stored[i]])) as TraceSummaryBody;
  if (stored[1] === SAME_AS_GOAL) {
    body.firstUserMessage = body.goal;
  }
  if (Array.isArray(stored[2])) {
    body.userText = `${body.firstUserMessage}\n${stored[2][0]}`;
  }
  return body;
}
