/** Letters whose names start with a vowel sound, for an acronym read letter by letter ("an SQL"). */
const VOWEL_LETTER_NAMES = /^[AEFHILMNORSX]/;
/** Words opening with a vowel letter but a consonant sound: "a user", "a unique", "a one-off". */
const CONSONANT_SOUND =
  /^(?:u(?:ni|s[aeiub]|s$|t[io]|r[aeiol]|bi|ku|uid)|eu|ewe|one(?![a-z])|once)/;
/** Words opening with a silent h: "an hour". */
const SILENT_H = /^(?:hour|honest|honou?r|heir)/;

/**
 * "a" or "an" by how the phrase's first word sounds (quotes skipped): "an 'edit_file' call", "a
 * 'run_tests' call", "a 'user_lookup' call", "an 8-digit number", "an 11-letter word".
 */
export function articleFor(phrase: string): 'a' | 'an' {
  const word = /^['"`(]*([A-Za-z0-9]+)/.exec(phrase)?.[1] ?? '';
  if (/^[0-9]/.test(word)) {
    return /^8|^1[18]$/.test(word) ? 'an' : 'a';
  }
  if (word.length > 1 && word === word.toUpperCase() && /^[A-Z]+$/.test(word)) {
    return VOWEL_LETTER_NAMES.test(word) ? 'an' : 'a';
  }
  const lower = word.toLowerCase();
  if (SILENT_H.test(lower)) {
    return 'an';
  }
  return /^[aeiou]/.test(lower) && !CONSONANT_SOUND.test(lower) ? 'an' : 'a';
}

/** The phrase after its indefinite article: `aOrAn("'edit_file' call")` is "an 'edit_file' call". */
export const aOrAn = (phrase: string): string => `${articleFor(phrase)} ${phrase}`;
