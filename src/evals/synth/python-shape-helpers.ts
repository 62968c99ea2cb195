// Python twins of predicates/every-shaped-predicates.ts; the parity test runs every one against its JS twin.

type Helper = { deps: string[]; code: string };

export const SHAPE_HELPERS: Record<string, Helper> = {
  _every_shaped: {
    deps: ['_shape_break'],
    code: `def _every_shaped(f, tool, key, shapes):
    """Every \`tool\` call's ("" = any call's) one-word \`key\` argument had one of \`shapes\` (true when none had one)."""
    return _shape_break(f, tool, key, shapes) is None`,
  },
  _shape_break: {
    deps: ['_call_atoms'],
    code: `def _shape_break(f, tool, key, shapes):
    """The first \`tool\` call ("" = any) whose one-word \`key\` argument had none of \`shapes\`: (index, value), or None."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    prefix = key + "#"
    for i, c in enumerate(f["calls"]):
        atoms = f["atoms"][i]
        if (tool != "" and c["name"] != tool) or any(prefix + s in atoms for s in shapes):
            continue
        if any(a.startswith(prefix) for a in atoms):
            return (i, c["args"][key[:-1] if key.endswith("^") else key])
    return None`,
  },
};
