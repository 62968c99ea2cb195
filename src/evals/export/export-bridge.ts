import type { Ctx } from '@/core/context';
import type { Eval } from '@/db/schema';
import { loadBridge, replayBridge } from '../bridge/load-bridge';
import { bridgeNames } from '../bridge/load-eval-bridge';
import { runWithBridge, type ServedAnswer } from '../bridge/run-with-bridge';
import type { LabelledTraceRow } from '../internal';

/**
 * The model answers an exported eval replays: the labelled traces run once more in the sandbox
 * with a bridge that only reads the workspace's cache (no model call). Null for pure code.
 */
export async function cachedAnswers(
  ctx: Ctx,
  version: Pick<Eval, 'code' | 'judge'>,
  labelled: LabelledTraceRow[],
): Promise<{ names: string[]; model: string | null; answers: ServedAnswer[] } | null> {
  const names = await bridgeNames(ctx, version.code);
  if (names.length === 0) {
    return null;
  }
  const model = version.judge?.model ?? (await loadBridge(ctx)).bridge?.model ?? null;
  if (!model || labelled.length === 0) {
    return { names, model, answers: [] };
  }
  const run = await runWithBridge(
    ctx.sandbox,
    { code: version.code, traces: labelled.map((t) => t.view), workspaceId: ctx.workspaceId },
    replayBridge(ctx, model),
  );
  return { names, model, answers: run.ok ? (run.answers ?? []) : [] };
}

/** Module code that gives the eval its model: `use_model(judge=..., ask=...)`. */
export function modelParameterCode(model: string | null): string {
  return `# This eval asks a model${model ? ` (${model} in iofold)` : ''}: give it one with use_model(judge=..., ask=...).
# judge(question, text, choices=("yes", "no")) answers one of choices about text (quote it as data);
# ask(prompt) answers the model's text.


def _no_model(*args, **kwargs):
    raise RuntimeError("this eval asks a model: call use_model(judge=..., ask=...) first")


judge = ask = _no_model


def use_model(judge=None, ask=None):
    """Gives the eval its model functions (either may be left out)."""
    names = globals()
    if judge is not None:
        names["judge"] = judge
    if ask is not None:
        names["ask"] = ask


`;
}

/** pytest code that plays the cached answers back through use_model (a miss skips the case). */
export function replayCode(module: string): string {
  return `from ${module} import use_model

ANSWERS = {
    json.dumps(a["q"], sort_keys=True): a["a"]
    for a in json.loads(pathlib.Path(__file__).with_name("${module}_answers.json").read_text())
}


def _replay(question):
    key = json.dumps(question, sort_keys=True)
    if key not in ANSWERS:
        pytest.skip("no cached model answer for this question: run the eval in iofold first")
    return ANSWERS[key]


def _judge(question, text, choices=("yes", "no")):
    return _replay({"kind": "judge", "question": question, "text": text, "choices": list(choices)})


def _ask(prompt):
    return _replay({"kind": "ask", "prompt": prompt})


use_model(judge=_judge, ask=_ask)
`;
}
