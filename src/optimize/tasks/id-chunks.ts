/** Ids per `IN (...)` list: under D1's 100 bound parameters with room for the other filters. */
const IDS_PER_QUERY = 90;

/** Splits ids into lists small enough for one `inArray` on D1. */
export function idChunks<T>(ids: readonly T[], size = IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) {
    out.push(ids.slice(i, i + size));
  }
  return out;
}
