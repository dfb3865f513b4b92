import DataLoader from "dataloader";

/** Named here so a subgraph's inferred loader types name the kit, not dataloader's install path. */
export type KeyedLoader<K, V> = DataLoader<K, V | null>;
export type GroupedLoader<K, V> = DataLoader<K, V[]>;

/**
 * A DataLoader that loads rows by key in one statement and returns them in key order,
 * with null for keys that have no row. Create it per request.
 */
export function keyedLoader<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): KeyedLoader<K, V> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await load(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Loads many keys and keeps the rows that exist, in key order (a dangling reference is skipped). */
export async function loadPresent<K, V>(loader: DataLoader<K, V | null>, keys: readonly K[]): Promise<V[]> {
  const rows = await loader.loadMany(keys);
  return rows.filter((row): row is V => row !== null && !(row instanceof Error));
}

/** Like keyedLoader, but each key maps to many rows (a one-to-many relation). */
export function groupedLoader<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): GroupedLoader<K, V> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await load(keys);
    const groups = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
