/**
 * The rows a `RETURNING` statement gave through TypeORM's `manager.query`: INSERT gives them
 * as they are, but UPDATE and DELETE give `[rows, affectedCount]`, whose length is always 2.
 */
export function returnedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === "number"
    ? (result[0] as T[])
    : (result as T[]);
}
