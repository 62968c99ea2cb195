import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalView } from '@/core/eval-view';

type TauMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
};

/** The tau-bench airline file, or null (with the reason printed) when the shared data is absent. */
export function findTauBench(): string | null {
  const repoRoot = path.resolve(import.meta.dirname, '../..');
  for (const dir of [path.resolve(repoRoot, '../shared'), '/work/shared']) {
    const file = path.join(dir, 'data/tau-bench/gpt-4o-airline.json');
    if (existsSync(file)) {
      return file;
    }
  }
  console.log('tau-bench data not found (../shared/data/tau-bench): skipping');
  return null;
}

/** 200 trajectories ×`copies` as EvalView-shaped dicts (tool arguments kept as raw JSON text). */
export function loadTauViews(file: string, copies: number): EvalView[] {
  const runs = JSON.parse(readFileSync(file, 'utf8')) as { task_id: number; traj: TauMessage[] }[];
  const views: EvalView[] = [];
  for (let c = 0; c < copies; c++) {
    runs.forEach((run, i) => {
      const messages = run.traj.map((m) => ({
        role: m.role,
        content: m.content ?? '',
        ...(m.name ? { name: m.name } : {}),
        ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {}),
        ...(m.tool_calls
          ? {
              tool_calls: m.tool_calls.map((t) => ({
                id: t.id,
                name: t.function.name,
                arguments: t.function.arguments,
              })),
            }
          : {}),
      }));
      views.push({
        version: 1,
        trace_id: `tau-${c}-${i}`,
        steps: [],
        messages,
        input: null,
        output: null,
        metadata: { task_id: run.task_id },
      });
    });
  }
  return views;
}

/** A realistic rule eval: walks messages and tool calls, regexes, a json parse per tool call. */
export const POLICY_EVAL = `import json
import re

WRITE_TOOLS = {"book_reservation", "cancel_reservation", "update_reservation_flights",
               "update_reservation_passengers", "update_reservation_baggages"}
LOOKUP_TOOLS = {"get_user_details", "get_reservation_details"}
CONFIRM = re.compile(r"\\b(yes|confirm|go ahead|proceed|sure)\\b", re.I)
AMOUNT = re.compile(r"\\$\\d+(?:\\.\\d{2})?")
RESERVATION = re.compile(r"\\b[A-Z0-9]{6}\\b")
APOLOGY = re.compile(r"\\b(sorry|apolog\\w*)\\b", re.I)
ASKS = re.compile(r"(would you like|do you want|shall i|please confirm)", re.I)


def eval_write_after_confirmation(trace):
    confirmed = looked_up = False
    violations, tools, errors = [], [], 0
    for m in trace["messages"]:
        role = m["role"]
        if role == "user":
            confirmed = bool(CONFIRM.search(m["content"]))
        elif role == "assistant":
            for call in m.get("tool_calls") or []:
                args = call["arguments"]
                if isinstance(args, str):
                    args = json.loads(args)
                name = call["name"]
                tools.append(name)
                if name in LOOKUP_TOOLS:
                    looked_up = True
                if name in WRITE_TOOLS and not (looked_up and confirmed):
                    violations.append(name)
        elif role == "tool" and m["content"].startswith("Error"):
            errors += 1
    text = " ".join(m["content"] for m in trace["messages"] if m["role"] == "assistant")
    summary = {
        "violations": violations,
        "tool_calls": len(tools),
        "tool_errors": errors,
        "amounts": len(AMOUNT.findall(text)),
        "reservation_ids": len(RESERVATION.findall(text)),
        "apologies": len(APOLOGY.findall(text)),
        "asks_confirmation": bool(ASKS.search(text)),
    }
    return not violations, json.dumps(summary)
`;

/** Native harness: reads the batch as JSON bytes on stdin, times loads + the eval loop. */
export const NATIVE_HARNESS = `
import json, sys, time
t0 = time.perf_counter()
data = json.loads(sys.stdin.buffer.read())
t1 = time.perf_counter()
passed = 0
for trace in data:
    ok, reason = eval_write_after_confirmation(trace)
    passed += ok
t2 = time.perf_counter()
print(json.dumps({"loads_s": t1 - t0, "eval_s": t2 - t1, "passed": passed, "n": len(data)}))
`;

/**
 * Native python3 as a warm worker: one JSON trace per stdin line, one JSON verdict per stdout
 * line. The honest floor of a warm single-trace call: the same two process hops (parent to
 * worker and back) as a sandbox call, no isolation.
 */
export const NATIVE_SERVE_HARNESS = `
import json, sys
for line in sys.stdin:
    ok, reason = eval_write_after_confirmation(json.loads(line))
    sys.stdout.write(json.dumps({"passed": bool(ok), "reason": reason}) + "\\n")
    sys.stdout.flush()
`;
