import { aOrAn } from '@/core/a-or-an';
import { shapeGenerality, shapes } from '../call-atoms';
import { shapeInWords } from '../call-classes';
import { messageNote, patternNote, saidNote } from '../message-evidence';
import { countItems, type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import {
  remember,
  TEXT_SOURCES,
  type TextSource,
  type TraceFacts,
  textOf,
  tokensOf,
} from '../trace-facts';
import { WORDS } from './order-predicates';

const SOURCE_LABEL: Record<TextSource, string> = {
  user: 'the user',
  assistant: 'the assistant',
  tool: 'a tool result',
  last: 'the last message',
};

/** Portable regexes (same meaning in JS and Python re); `i` = case-insensitive. */
const PATTERNS: { name: string; source: string; flags: '' | 'i'; label: string }[] = [
  { name: 'money', source: '\\$\\s?\\d', flags: '', label: 'a dollar amount' },
  { name: 'url', source: 'https?://', flags: 'i', label: 'a URL' },
  {
    name: 'email',
    source: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}',
    flags: '',
    label: 'an email address',
  },
  { name: 'question', source: '\\?\\s*$', flags: '', label: 'a closing question' },
  { name: 'apology', source: '\\b(?:sorry|apologi[sz]e)', flags: 'i', label: 'an apology' },
];

/** Discriminative words and word pairs per text, fixed patterns, and the last message's role. */
export function mineTextPredicates(examples: MiningExample[], perSource = 30): Predicate[] {
  const out: Predicate[] = [];
  for (const source of TEXT_SOURCES) {
    for (const token of discriminativeTokens(examples, source, perSource)) {
      const cost = (source === 'tool' ? 3.5 : 3) + (token.includes(' ') ? 0.5 : 0);
      out.push(textHas('token', source, token, cost, [`said '${token}'`, `never said '${token}'`]));
    }
    for (const p of PATTERNS) {
      const re = new RegExp(p.source, p.flags);
      const flags = p.flags === 'i' ? ', re.IGNORECASE' : '';
      out.push({
        id: `pattern:${source}:${p.name}`,
        family: 'text-pattern',
        cost: 2.5,
        test: (f) => re.test(source === 'last' ? f.lastContent : f.texts[source]),
        python: `re.search(r"${p.source}", f["text"][${JSON.stringify(source)}]${flags}) is not None`,
        helpers: [],
        note: {
          python: `_pattern_note(f, ${JSON.stringify(source)}, r"${p.source}", ${p.flags === 'i' ? 're.IGNORECASE' : '0'}, ${p.name === 'question' ? 'True' : 'False'})`,
          helpers: ['_message_note'],
          text: (f) => patternNote(f, source, re, p.name === 'question'),
        },
        whenTrue: `${SOURCE_LABEL[source]} contained ${p.label}`,
        whenFalse: `${SOURCE_LABEL[source]} contained no ${p.label.replace(/^an? /, '')}`,
      });
    }
  }
  for (const source of ['assistant', 'last'] as const) {
    for (const shape of discriminativeShapes(examples, source)) {
      out.push(
        textHas('shape', source, shape, 2.5 + shapeGenerality(shape), [
          `named a code that ${codeShape(shape)}`,
          `named no code that ${codeShape(shape)}`,
        ]),
      );
    }
  }
  for (const p of PATTERNS) {
    const re = new RegExp(p.source, p.flags);
    const flags = p.flags === 'i' ? ', re.IGNORECASE' : '';
    out.push({
      id: `first-reply:${p.name}`,
      family: 'message-position',
      cost: 2.5,
      test: (f) => re.test(firstReply(f)),
      python: `re.search(r"${p.source}", _first_reply(f)${flags}) is not None`,
      helpers: ['_first_reply'],
      whenTrue: `the assistant's first message, before any tool call, contained ${p.label}`,
      whenFalse: `the assistant's first message made a tool call or contained no ${p.label.replace(/^an? /, '')}`,
    });
  }
  for (const role of ['user', 'assistant', 'tool']) {
    out.push({
      id: `last-role:${role}`,
      family: 'last-message',
      cost: 1.5,
      test: (f) => f.lastRole === role,
      python: `f["last_role"] == ${JSON.stringify(role)}`,
      helpers: [],
      note: {
        python: '_message_note(f, "last", lambda words: 0 if words else -1)',
        helpers: ['_message_note'],
        text: (f) => messageNote(f, 'last', (words) => (words.length > 0 ? 0 : -1)),
      },
      whenTrue: `the conversation ended with ${aOrAn(`${role} message`)}`,
      whenFalse: `the conversation did not end with ${aOrAn(`${role} message`)}`,
    });
  }
  return out;
}

/** Per text kind: how JS finds and notes it, its Python note and the helper that defines that. */
const TEXT_KINDS = {
  token: { found: tokensOf, note: saidNote, python: '_said_note', noteHelper: '_message_note' },
  shape: { found: textShapes, note: shapeNote, python: '_shape_note', noteHelper: '_shape_note' },
};

/**
 * `source`'s text has `value` among its `kind`s (a word or word pair, a code shape): in Python
 * `_has_<kind>`, its note the message that said it; `says` reads after the source's label.
 */
function textHas(
  kind: keyof typeof TEXT_KINDS,
  source: TextSource,
  value: string,
  cost: number,
  says: [whenTrue: string, whenFalse: string],
): Predicate {
  const { found, note, python, noteHelper } = TEXT_KINDS[kind];
  const args = `f, ${JSON.stringify(source)}, ${JSON.stringify(value)}`;
  return {
    id: `${kind}:${source}:${value}`,
    family: `text-${kind}`,
    cost,
    test: (f) => found(f, source).has(value),
    python: `_has_${kind}(${args})`,
    helpers: [`_has_${kind}`],
    note: {
      python: `${python}(${args})`,
      helpers: [noteHelper],
      text: (f) => note(f, source, value),
    },
    whenTrue: `${SOURCE_LABEL[source]} ${says[0]}`,
    whenFalse: `${SOURCE_LABEL[source]} ${says[1]}`,
  };
}

/** Tokens whose document frequency differs most between pass and fail labels. */
function discriminativeTokens(
  examples: MiningExample[],
  source: TextSource,
  limit: number,
): string[] {
  const pass = examples.filter((e) => e.label).length;
  const fail = examples.length - pass;
  const minGroups = minGroupsFor(examples);
  const scored: [string, number][] = [];
  for (const [t, { pass: p, fail: f }] of countItems(
    examples,
    `token:${source}`,
    (e) => tokensOf(e.facts, source),
    minGroups,
    WORDS,
  )) {
    scored.push([t, Math.abs((p + 0.5) / (pass + 1) - (f + 0.5) / (fail + 1))]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, limit).map(([t]) => t);
}

/**
 * The shapes (`A{3}9{3}`, `A+9+`, `[9A]{6}`, call-atoms.ts `shapes`) of a text's code-like words,
 * whole: letters and digits, joined by `-` or `_` inside (`RX-123456` is one word, not `RX` and
 * a number), 4 to 16 characters, letters and digits mixed or capitals only, like a flight
 * number or a booking code. Memoised on the facts.
 */
export function textShapes(facts: TraceFacts, source: TextSource): Set<string> {
  return remember(facts.tokenCache, `shape:${source}`, () => {
    const found = new Set<string>();
    for (const word of codeWords(textOf(facts, source))) {
      for (const shape of shapes(word)) {
        found.add(shape);
      }
    }
    return found;
  });
}

/** A code's shape in plain words (`shapeInWords`), else its notation. */
const codeShape = (shape: string) => shapeInWords(shape) ?? `is shaped ${shape}`;

const CODE_WORD = /[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*/g;

/** A code-like word: 4 to 16 characters, letters and digits mixed or capitals only. */
const codeLike = (word: string) =>
  word.length >= 4 &&
  word.length <= 16 &&
  ((/[0-9]/.test(word) && /[A-Za-z]/.test(word)) || /^[A-Z_-]+$/.test(word));

/** A text's code-like words (`_code_words`' twin). */
const codeWords = (text: string) => (text.match(CODE_WORD) ?? []).filter(codeLike);

/** Where `source` named a code of `shape`: the message and the code (`_shape_note`'s twin). */
export function shapeNote(facts: TraceFacts, source: TextSource, shape: string): string | null {
  let code = '';
  const note = messageNote(facts, source, (words) =>
    words.findIndex((w) => {
      code = codeWords(w).find((c) => shapes(c).includes(shape)) ?? '';
      return code !== '';
    }),
  );
  return note === null ? null : `'${code}' in ${note}`;
}

/** Shapes seen in several groups whose frequency differs most between pass and fail labels. */
function discriminativeShapes(examples: MiningExample[], source: TextSource, limit = 10) {
  const pass = examples.filter((e) => e.label).length;
  const fail = examples.length - pass;
  const minGroups = minGroupsFor(examples);
  return [...countItems(examples, `shape:${source}`, (e) => textShapes(e.facts, source), minGroups)]
    .map(([s, { pass: p, fail: f }]): [string, number] => [
      s,
      Math.abs((p + 0.5) / (pass + 1) - (f + 0.5) / (fail + 1)),
    ])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([s]) => s);
}

/**
 * The assistant's first message when it made no tool call (it spoke before acting), else '': on
 * the timeline a message's calls follow it at once.
 */
export function firstReply(facts: TraceFacts): string {
  const i = facts.events.findIndex((e) => e.kind === 'assistant');
  const e = facts.events[i];
  return e === undefined || facts.events[i + 1]?.kind === 'call' ? '' : e.text;
}
