const TOKEN = /\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
const MAX_CELLS = 4_000_000;

export function tokenise(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Index pairs (i in a, j in b) of a longest common subsequence, trimming the common prefix/suffix first. */
export function alignTokens(
  a: string[],
  b: string[],
  same: (x: string, y: string) => boolean = (x, y) => x === y,
): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start] as string, b[start] as string)) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1] as string, b[endB - 1] as string)) {
    endA--;
    endB--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < start; i++) {
    pairs.push([i, i]);
  }
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0 && n * m <= MAX_CELLS) {
    // lengths[i][j] = LCS of a[start+i..endA) and b[start+j..endB), filled backwards
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * width + j] = same(a[start + i] as string, b[start + j] as string)
          ? (lengths[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (same(a[start + i] as string, b[start + j] as string)) {
        pairs.push([start + i, start + j]);
        i++;
        j++;
      } else if (
        (lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)
      ) {
        i++;
      } else {
        j++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) {
    pairs.push([endA + k, endB + k]);
  }
  return pairs;
}
