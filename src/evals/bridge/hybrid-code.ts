/**
 * A hybrid eval: code narrows to the assistant's last reply and asks the model one question about
 * it; the code, not the model, turns the constrained answer into the verdict.
 */
export function hybridCode(name: string, question: string, passOn: 'yes' | 'no'): string {
  return `QUESTION = ${JSON.stringify(question)}


def last_reply(trace):
    for message in reversed(trace["messages"]):
        if message["role"] == "assistant" and isinstance(message["content"], str) and message["content"]:
            return message["content"]
    return trace["output"] if isinstance(trace["output"], str) else ""


def ${name}(trace):
    """Asks the model: ${question.replace(/["\\\n]/g, ' ')}"""
    reply = last_reply(trace)
    if not reply:
        return True, "no assistant reply to judge"
    answer = judge(QUESTION, reply[-4000:])
    return answer == ${JSON.stringify(passOn)}, f"the model answered {answer} to: {QUESTION} (about the last assistant reply)"
`;
}
