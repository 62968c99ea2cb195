// The warm-up a serve child runs before it says ready: the runtime's own eval (never a
// workspace's) over made-up traces, through the same path as a batch, then the same after-batch
// check. A child started from the snapshot runs Pyodide's WebAssembly on its first, unoptimised
// code: its first batches run several times slower (about 2 s more for 50 tau-bench traces on the
// shared machine) until V8 has compiled the hot functions again. The warm-up pays that before the
// child is offered to any workspace, off the path of a call.

const CODE = `import json
import re

WORDS = re.compile(r"\\b(yes|confirm|sorry|please)\\b", re.I)
AMOUNT = re.compile(r"\\$\\d+(?:\\.\\d{2})?")


def eval_warm_up(trace):
    seen, calls, errors = {}, [], 0
    for m in trace["messages"]:
        role = m["role"]
        seen[role] = seen.get(role, 0) + 1
        if role == "assistant":
            for call in m.get("tool_calls") or []:
                args = call["arguments"]
                if isinstance(args, str):
                    args = json.loads(args)
                calls.append(call["name"] + ":" + ",".join(sorted(args)))
        elif role == "tool" and m["content"].startswith("Error"):
            errors += 1
    text = " ".join(m["content"] for m in trace["messages"] if m["role"] != "tool")
    words = [w.lower() for w in WORDS.findall(text)]
    summary = {"roles": seen, "calls": len(calls), "errors": errors, "words": len(words),
               "amounts": len(AMOUNT.findall(text)), "long": [w for w in text.split() if len(w) > 12][:5]}
    return errors == 0 and len(calls) > 0, f"warm-up: {json.dumps(summary, sort_keys=True)}"
`;

/** A made-up conversation of `n` messages (the shape of an agent trace). */
function trace(i, n) {
  const messages = [];
  for (let k = 0; k < n; k++) {
    const role = ['user', 'assistant', 'tool'][k % 3];
    const message = {
      role,
      content: `${role === 'tool' && k % 7 === 0 ? 'Error' : 'Ok'}: message ${k} of trace ${i}, please confirm the amount $${k}.${k % 10}0 for reservation ABC${k} sorry for the inconvenience`,
    };
    if (role === 'assistant') {
      message.tool_calls = [
        { name: `tool_${k % 5}`, arguments: JSON.stringify({ id: `R${k}`, amount: k, note: 'x' }) },
      ];
    }
    messages.push(message);
  }
  return { trace_id: `warm-up-${i}`, messages };
}

/** The warm-up's batches: `batches` run messages of `traces` traces each. */
export function warmUpBatches(batches = 4, traces = 50) {
  const batch = new TextEncoder().encode(
    JSON.stringify(Array.from({ length: traces }, (_, i) => trace(i, 30))),
  );
  return Array.from({ length: batches }, (_, i) => ({
    t: 'run',
    id: -1 - i,
    // a new source per batch (a comment), so the static check and compile run each time too
    code: `${CODE}\n# warm-up batch ${i}\n`,
    batch,
    count: traces,
    outputCap: 16_384,
    reasonCap: 8_192,
    answers: '',
  }));
}
