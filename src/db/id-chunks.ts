/** Ids per `IN (...)` list: under D1's 100 bound parameters with room for the other filters. */
export const IDS_PER_QUERY = 90;

/** Splits ids into lists small enough for one `inArray` on D1. */
export function idChunks<T>(ids: readonly T[], size = IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) {
    out.push(ids.slice(i, i + size));
  }
  return out;
}

/** Runs `query` on each `idChunks` list of `ids` in turn and answers their rows, in list order. */
export async function rowsByIdChunks<T, R>(
  ids: readonly T[],
  query: (chunk: T[]) => PromiseLike<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const chunk of idChunks(ids)) {
    // one push per row: a spread of a large chunk's rows (spans) could pass V8's argument limit
    for (const row of await query(chunk)) {
      rows.push(row);
    }
  }
  return rows;
}
