/**
 * The columns of `table` with these names, as a `select()` argument: a view that shows columns as
 * they are names them once (its schema's keys) instead of listing them again for the query.
 */
export function pickColumns<T extends object, K extends keyof T & string>(
  table: T,
  names: readonly K[],
): Pick<T, K> {
  return Object.fromEntries(names.map((name) => [name, table[name]])) as Pick<T, K>;
}
