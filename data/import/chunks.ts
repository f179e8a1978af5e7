/** Rows per INSERT statement: large enough to amortise round trips, small enough for PGlite's WASM heap. */
export const CHUNK_SIZE = 2000;

/**
 * Writes rows chunk by chunk. Each write is one statement, so a failing chunk changes nothing;
 * it is then retried row by row and only the culprits are handed to onRowError with the DB message.
 * write must return one output per input row, in order.
 */
export async function writeInChunks<R, O>(
  rows: readonly R[],
  write: (chunk: readonly R[]) => Promise<O[]>,
  onRowError: (row: R, err: Error) => void,
  onChunk?: (done: number) => void,
  chunkSize = CHUNK_SIZE,
): Promise<{ row: R; out: O }[]> {
  const results: { row: R; out: O }[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    try {
      const out = await write(chunk);
      chunk.forEach((row, i) => results.push({ row, out: out[i]! }));
    } catch {
      for (const row of chunk) {
        try {
          const [out] = await write([row]);
          results.push({ row, out: out! });
        } catch (err) {
          onRowError(row, err as Error);
        }
      }
    }
    onChunk?.(Math.min(rows.length, start + chunkSize));
  }
  return results;
}

/** Best guess at the column behind a constraint error, e.g. buildings_floors_check → floors. */
export function dbErrorField(err: Error, table: string, columns: readonly string[]): string | undefined {
  const e = err as Error & { constraint?: string; column?: string };
  if (e.column) return e.column;
  const text = `${e.constraint ?? ''} ${err.message}`;
  return columns.find((c) => text.includes(`${table}_${c}_`) || text.includes(`"${c}"`));
}
