// Words of the generated coding runs. Every kind of run draws from the same pools, so that no
// single word tells a good run from a bad one: the labels live in what the agent did.
import type { CodingTask } from './coding-tasks';

type Random = () => number;
const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const SYMPTOMS = [
  'returns the wrong value for empty input',
  'is off by one at month boundaries',
  'breaks on non-ASCII input',
  'drops the last item',
  'rounds half-cents the wrong way',
  'throws when the value has surrounding whitespace',
];

export function requestFor(task: CodingTask, random: Random): string {
  const where = pick(random, [
    `\`${task.source}\``,
    `the ${task.module} module`,
    `\`${task.fnName}\``,
  ]);
  const symptom = pick(random, SYMPTOMS);
  const polite = pick(random, ['', 'Please ', 'Could you ', 'Hey, ']);
  switch (task.kind) {
    case 'bug':
      return pick(random, [
        `${polite}fix ${where}: it ${symptom}.`,
        `Bug report from a customer: ${task.fnName} ${symptom}. ${polite}take a look at ${where}.`,
        `${where} ${symptom}; the test in \`${task.test}\` shows it. Can you sort it out?`,
      ]);
    case 'feature':
      return pick(random, [
        `${polite}add an optional \`strict\` flag to ${task.fnName} in ${where}.`,
        `We need ${task.fnName} to accept a list as well as a single value. It lives in ${where}.`,
        `Extend ${where} so ${task.fnName} can take a locale; default to the current behaviour.`,
      ]);
    case 'dependency':
      return pick(random, [
        `${polite}switch ${where} over to ${task.dependency} instead of the hand-rolled code.`,
        `Let's use ${task.dependency} in ${where}; the custom parsing there ${symptom}.`,
        `Replace the homemade logic in ${where} with ${task.dependency}.`,
      ]);
    case 'refactor':
      return pick(random, [
        `${polite}tidy up ${where}: split ${task.fnName} into smaller helpers, same behaviour.`,
        `${where} has grown messy. Refactor ${task.fnName} without changing what it returns.`,
        `Rename the internals of ${task.fnName} in ${where} so they read better; keep the API.`,
      ]);
  }
}

/** Questions to the user, asked first or in the middle of a run. */
export const CLARIFY_QUESTIONS = [
  'Before I start: should the public signature stay exactly as it is?',
  'Quick question first — is it fine if I also touch the tests?',
  'Do you want me to keep backwards compatibility for existing callers?',
  'Should I run the whole suite or just the tests around this module?',
  'Does the current behaviour for empty input matter to anyone?',
  'Is there a reason the old helper was kept around?',
];
export const CLARIFY_ANSWERS = [
  'Yes, keep it as it is.',
  'Sure, whatever makes sense.',
  'Keep callers working, please.',
  'Your call.',
  'Not that I know of.',
  'No idea, use your judgement.',
];
/** Opening statements that are not questions. */
export const OPENERS = [
  "I'll start by looking around the repository.",
  'On it. Let me get oriented first.',
  'Sure, taking a look now.',
  'Okay — starting with the code around this.',
];
/** Narration on tool-calling turns: shared by every action, so it says nothing about quality. */
export const NARRATION = [
  'Let me check.',
  'Next step.',
  'Okay.',
  'Looking at this now.',
  'One moment.',
  'Continuing.',
  'Let me see what happens.',
  'Right, moving on.',
];

export const CLAIMS_PASS = [
  "Didn't need to touch anything else; all tests pass.",
  'No failures left: the suite is green.',
  'Done — the tests pass now.',
  'All green: the change is in and the suite passes.',
  "Fixed. I ran the tests and they're passing.",
  'That should do it; everything passes on my side.',
  'The change is made and verified with the test suite.',
  'Finished: tests are green.',
];
export const NO_CLAIM = [
  "I've made the change. I didn't get to run the whole suite, so please run it before merging.",
  'The change is in. The tests still fail in one place that may be unrelated; worth a look.',
  "Here is what I changed. I couldn't get the tests to pass yet.",
  'Made the edit; could you run the tests on your side to confirm?',
  'The change is in place. Tests are not fully green yet — see the failure above.',
  'I stopped here: the change is made but I have not verified it.',
];

export function changedFilesLine(random: Random, paths: string[]): string {
  const list = paths.map((p) => `\`${p}\``).join(', ');
  return pick(random, [`Changed: ${list}.`, `Files touched: ${list}.`, `I edited ${list}.`]);
}

export const COMMIT_MESSAGES = [
  'fix: handle edge case',
  'refactor: split helper',
  'feat: add option',
  'chore: update module',
  'wip',
];
