// Prior-knowledge word lists read by the predicates and their Python twins (no imports: both load it).

/**
 * Prior knowledge, like the write-like verbs of tool names: words (tokens of `tokenise`, pairs
 * included) by which a message says something did not work, and by which it says it did.
 */
export const FAILURE_WORDS = [
  'not',
  'no',
  'never',
  'unable',
  'cannot',
  'can t',
  'couldn t',
  'didn t',
  'wasn t',
  'isn t',
  'won t',
  'fail',
  'failed',
  'failure',
  'error',
  'unfortunately',
  'sorry',
  'problem',
  'issue',
  'denied',
];
export const SUCCESS_WORDS = [
  'done',
  'success',
  'successful',
  'successfully',
  'succeeded',
  'completed',
  'complete',
  'all set',
  'is now',
  'has been',
  'have been',
  'went through',
  'taken care',
];

/** Words of a user's reply that agree ("yes", "go ahead"), and words that hold back or refuse. */
export const AFFIRMATIVE_WORDS = [
  'yes',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'go ahead',
  'please do',
  'confirm',
  'confirmed',
  'proceed',
  'do it',
  'correct',
  'absolutely',
  'approved',
  'approve',
  'agreed',
  'agree',
  'alright',
  'all right',
  'fine',
  'perfect',
  'sounds good',
  'go for it',
  'that works',
  'works for me',
  'lgtm',
];
export const REFUSAL_WORDS = ['no', 'nope', 'not', 'don t', 'wait', 'stop', 'hold on', 'never'];
