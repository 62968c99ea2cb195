// Python twins of predicates/every-shaped-predicates.ts; the parity test runs every one against its JS twin.

type Helper = { deps: string[]; code: string };

export const SHAPE_HELPERS: Record<string, Helper> = {
  _every_shaped: {
    deps: ['_call_atoms'],
    code: `def _every_shaped(f, tool, key, shape):
    """Every \`tool\` call's ("" = any call's) one-word \`key\` argument had \`shape\` (true when none had one)."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    prefix = key + "#"
    for i, c in enumerate(f["calls"]):
        atoms = f["atoms"][i]
        if (tool != "" and c["name"] != tool) or prefix + shape in atoms:
            continue
        if any(a.startswith(prefix) for a in atoms):
            return False
    return True`,
  },
};
